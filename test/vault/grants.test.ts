import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type Redis from 'ioredis';
import { RedisStorage } from '../../src/session/redis';
import { MemoryStorage } from '../../src/session/memory';
import { parseVaultKeys, TokenVault, VaultedGrantStore, type SealedGrant } from '../../src/vault';
import { testRedis, uniquePrefix } from '../support/redis';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const alice = { channel: 'messenger', userId: 'alice' };
const bob = { channel: 'messenger', userId: 'bob' };
const ACCESS = 'AT-very-secret-access-0123456789';
const REFRESH = 'RT-very-secret-refresh-9876543210';
const grant = {
  connector: 'sandbox',
  subject: 'cust-1',
  scopes: ['accounts', 'balances'],
  grantedAt: 1_700_000_000_000,
  accessToken: ACCESS,
  refreshToken: REFRESH,
};

describe('VaultedGrantStore on Redis', () => {
  let redis: Redis;
  let prefix: string;
  beforeAll(() => {
    redis = testRedis();
  });
  beforeEach(() => {
    prefix = uniquePrefix('vault');
  });
  afterAll(async () => {
    await redis.quit();
  });

  async function dump(): Promise<string> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 100);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const values = await Promise.all(keys.map((k) => redis.get(k)));
    return keys.join('\n') + '\n' + values.join('\n');
  }

  it('round-trips a grant and stores no token in clear text', async () => {
    const storage = new RedisStorage<SealedGrant>({ client: redis, prefix });
    const store = new VaultedGrantStore(storage, new TokenVault(parseVaultKeys(`v1:${k1}`)));
    await store.put(alice, grant);
    expect(await store.get(alice, 'sandbox')).toEqual(grant);
    expect(await store.get(alice, 'other')).toBeUndefined();
    expect(await store.get(bob, 'sandbox')).toBeUndefined();

    const text = await dump();
    expect(text).toContain('tv1.v1.');
    expect(text).not.toContain(ACCESS);
    expect(text).not.toContain(REFRESH);
    expect(text).not.toContain('very-secret');
    expect(text).not.toContain(Buffer.from(ACCESS).toString('base64'));
    expect(text).not.toContain(Buffer.from(ACCESS).toString('base64url'));

    await store.delete(alice, 'sandbox');
    expect(await store.get(alice, 'sandbox')).toBeUndefined();
    expect(await dump()).not.toContain('tv1.');
  });

  it('re-seals with the current key on read after rotation', async () => {
    const storage = new RedisStorage<SealedGrant>({ client: redis, prefix });
    await new VaultedGrantStore(storage, new TokenVault(parseVaultKeys(`v1:${k1}`))).put(alice, grant);
    const key = (await redis.keys(`${prefix}*`))[0] as string;
    const before = JSON.parse((await redis.get(key)) as string) as SealedGrant;
    expect(before.sealedAccessToken?.startsWith('tv1.v1.')).toBe(true);

    const rotated = new VaultedGrantStore(storage, new TokenVault(parseVaultKeys(`v2:${k2},v1:${k1}`)));
    expect(await rotated.get(alice, 'sandbox')).toEqual(grant);
    const after = JSON.parse((await redis.get(key)) as string) as SealedGrant;
    expect(after.sealedAccessToken?.startsWith('tv1.v2.')).toBe(true);
    expect(after.sealedRefreshToken?.startsWith('tv1.v2.')).toBe(true);
    expect(after).toMatchObject({ connector: 'sandbox', subject: 'cust-1', grantedAt: grant.grantedAt });

    // A second read does not write again; old key can now be retired.
    expect(await rotated.get(alice, 'sandbox')).toEqual(grant);
    expect(await redis.get(key)).toBe(JSON.stringify(after));
    const onlyV2 = new VaultedGrantStore(storage, new TokenVault(parseVaultKeys(`v2:${k2}`)));
    expect(await onlyV2.get(alice, 'sandbox')).toEqual(grant);
  });

  it('refuses a sealed grant copied to another user', async () => {
    const storage = new MemoryStorage<SealedGrant>();
    const store = new VaultedGrantStore(storage, new TokenVault(parseVaultKeys(`v1:${k1}`)));
    await store.put(alice, grant);
    const sealed = (await storage.read('vgrant:{messenger:alice}:sandbox')) as SealedGrant;
    await storage.write('vgrant:{messenger:bob}:sandbox', sealed);
    await expect(store.get(bob, 'sandbox')).rejects.toMatchObject({ code: 'TELLER_ERR_VAULT_DECRYPT' });
    // Swapping the access and refresh envelopes fails too.
    await storage.write('vgrant:{messenger:alice}:sandbox', {
      ...sealed,
      sealedAccessToken: sealed.sealedRefreshToken,
      sealedRefreshToken: sealed.sealedAccessToken,
    });
    await expect(store.get(alice, 'sandbox')).rejects.toMatchObject({ code: 'TELLER_ERR_VAULT_DECRYPT' });
  });

  it('a decrypted grant never prints its tokens', async () => {
    const store = new VaultedGrantStore(new MemoryStorage(), new TokenVault(parseVaultKeys(`v1:${k1}`)));
    await store.put(alice, grant);
    const g = await store.get(alice, 'sandbox');
    expect(g?.accessToken).toBe(ACCESS);
    for (const text of [JSON.stringify(g), JSON.stringify({ g }), inspect(g), inspect({ g }, { depth: 5 })]) {
      expect(text).not.toContain('very-secret');
      expect(text).toContain('cust-1');
    }
  });

  it('stores a grant without tokens', async () => {
    const store = new VaultedGrantStore(new MemoryStorage(), new TokenVault(parseVaultKeys(`v1:${k1}`)));
    const bare = { connector: 'sandbox', subject: 's', scopes: [], grantedAt: 1 };
    await store.put(alice, bare);
    expect(await store.get(alice, 'sandbox')).toEqual(bare);
  });
});
