import type Redis from 'ioredis';
import { MemoryStorage } from '../../src/session/memory';
import { RedisStorage } from '../../src/session/redis';
import { generateVaultKey, parseVaultKeys, SealedStorage, TokenVault } from '../../src/vault';
import { makeTestBot } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.quit());

const vaultOf = (spec: string) => new TokenVault(parseVaultKeys(spec));

describe('sealed conversation state', () => {
  it('keeps what the customer typed unreadable in Redis, while follow-ups still work', async () => {
    const prefix = uniquePrefix('sealed');
    const t = await makeTestBot({ redis, redisPrefix: prefix });
    const u = t.user('sealed-user');
    await t.linkUser(u);
    await u.say('how much did I spend at Starbucks last month');
    expect(u.lastText()).toMatch(/Starbucks/);
    await u.say('and last week?');
    expect(u.lastText()).toMatch(/Starbucks/);
    expect(u.lastText()).toMatch(/last week/);

    const keys = await redis.keys(prefix + '*');
    expect(keys.some((k) => k.includes('session:'))).toBe(true);
    for (const key of keys) {
      const type = await redis.type(key);
      const value = type === 'string' ? await redis.get(key) : JSON.stringify(await redis.lrange(key, 0, -1));
      expect(value ?? '').not.toMatch(/starbucks/i);
      expect(value ?? '').not.toMatch(/last week|last month/i);
    }
    await t.close();
  });

  it('re-seals a value with the current key after rotation, and drops disposable values that no longer open', async () => {
    const inner = new RedisStorage<string>({ client: redis, prefix: uniquePrefix('rotate') });
    const v1 = generateVaultKey('v1');
    const v2 = generateVaultKey('v2');
    await new SealedStorage<{ n: number }>(inner, vaultOf(v1), 'session').write('k', { n: 1 });
    const rotated = new SealedStorage<{ n: number }>(inner, vaultOf(`${v2},${v1}`), 'session');
    expect(await rotated.read('k')).toEqual({ n: 1 });
    expect(await inner.read('k')).toMatch(/^tv1\.v2\./);

    // A restart with a new ephemeral key: the old conversation state is dropped, not an error every turn.
    const other = new SealedStorage<{ n: number }>(inner, vaultOf(generateVaultKey('v1')), 'session', true);
    expect(await other.read('k')).toBeUndefined();
    expect(await inner.read('k')).toBeUndefined();
    // Without discard (e.g. grants), an unreadable value is an error with a stable code.
    const memory = new MemoryStorage<string>();
    await new SealedStorage<{ n: number }>(memory, vaultOf(v1), 'session').write('x', { n: 2 });
    const wrongKey = new SealedStorage<{ n: number }>(memory, vaultOf(v2), 'session');
    await expect(wrongKey.read('x')).rejects.toMatchObject({ code: 'TELLER_ERR_VAULT_DECRYPT' });
    // Bound to its key: the same envelope copied under another key does not open.
    await memory.write('y', (await memory.read('x'))!);
    await expect(new SealedStorage(memory, vaultOf(v1), 'session').read('y')).rejects.toMatchObject({
      code: 'TELLER_ERR_VAULT_DECRYPT',
    });
  });
});
