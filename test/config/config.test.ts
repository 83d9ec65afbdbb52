import { loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  it('has embedded defaults: port 3000, memory storage, a local public URL', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
    expect(c.TELLER_TIMEZONE).toBe('Europe/London');
  });

  it('treats empty variables as unset and trims a trailing slash from PUBLIC_URL', () => {
    const c = loadConfig({ REDIS_URL: '', PORT: '8080', PUBLIC_URL: 'https://bank.example/teller/' });
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.PUBLIC_URL).toBe('https://bank.example/teller');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL/],
    [{ TELLER_TIMEZONE: 'Mars/Olympus' }, /TELLER_TIMEZONE/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('names the variable that is wrong: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as { code?: string }).code).toBe('TELLER_ERR_CONFIG');
    }
  });
});
