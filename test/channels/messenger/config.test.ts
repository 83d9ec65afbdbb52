import {
  DEFAULT_GRAPH_URL,
  loadMessengerConfig,
  messengerEnabled,
} from '../../../src/channels/messenger/config';

const full = {
  MESSENGER_APP_SECRET: 'secret',
  MESSENGER_VERIFY_TOKEN: 'verify',
  MESSENGER_PAGE_ACCESS_TOKEN: 'token',
};

describe('loadMessengerConfig', () => {
  it('reads the settings, with a current Graph API version by default', () => {
    const c = loadMessengerConfig(full, { required: true });
    expect(c).toEqual({
      appSecret: 'secret',
      verifyToken: 'verify',
      pageAccessToken: 'token',
      graphUrl: DEFAULT_GRAPH_URL,
      webhookMaxBytes: 1024 * 1024,
      sendRatePerSecond: 250,
    });
    expect(DEFAULT_GRAPH_URL).toMatch(/^https:\/\/graph\.facebook\.com\/v\d+\.0$/);
    expect(
      loadMessengerConfig({
        ...full,
        MESSENGER_GRAPH_URL: 'http://127.0.0.1:9/v23.0/',
        MESSENGER_SEND_RATE: '10',
      })?.graphUrl,
    ).toBe('http://127.0.0.1:9/v23.0');
  });

  it.each(Object.keys(full))('names %s when it is missing and the channel is enabled', (name) => {
    const env: NodeJS.ProcessEnv = { ...full, [name]: '' };
    expect(() => loadMessengerConfig(env)).toThrow(name);
    expect(() => loadMessengerConfig(env)).toThrow(expect.objectContaining({ code: 'TELLER_ERR_CONFIG' }));
  });

  it('returns undefined when Messenger is not enabled, and throws when it is required', () => {
    expect(loadMessengerConfig({})).toBeUndefined();
    expect(messengerEnabled({})).toBe(false);
    expect(messengerEnabled({ ...full, MESSENGER_ENABLED: 'false' })).toBe(false);
    expect(() => loadMessengerConfig({ MESSENGER_ENABLED: 'true' })).toThrow('MESSENGER_APP_SECRET');
    expect(() => loadMessengerConfig({}, { required: true })).toThrow('MESSENGER_APP_SECRET');
  });

  it('rejects an invalid Graph URL by name', () => {
    expect(() => loadMessengerConfig({ ...full, MESSENGER_GRAPH_URL: 'not a url' })).toThrow(
      'MESSENGER_GRAPH_URL',
    );
  });
});
