import type Redis from 'ioredis';
import { MemoryStorage } from '../../src/session/memory';
import { RedisStorage } from '../../src/session/redis';
import { generateVaultKey, parseVaultKeys, SealedStorage, TokenVault } from '../../src/vault';
import { testRedis, uniquePrefix } from '../support/redis';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.quit());

const vaultOf = (spec: string) => new TokenVault(parseVaultKeys(spec));

describe('sealed conversation state', () => {
  // What the customer typed staying unreadable in Redis is proven by the full scan in
  // test/privacy/at-rest.test.ts (every key, every type, every log line).
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

  it('reads back what it sealed without opening it, and opens anything else (another writer, tampering)', async () => {
    const inner = new MemoryStorage<string>();
    const vault = vaultOf(generateVaultKey('v1'));
    let opened = 0;
    const counting = {
      encrypt: (...args: Parameters<TokenVault['encrypt']>) => vault.encrypt(...args),
      decrypt: (...args: Parameters<TokenVault['decrypt']>) => vault.decrypt(...args),
      rotate: (...args: Parameters<TokenVault['rotate']>) => {
        opened++;
        return vault.rotate(...args);
      },
    } as unknown as TokenVault;
    const mine = new SealedStorage<{ n: number }>(inner, counting, 'session', true, 2);
    await mine.write('k', { n: 1 });
    expect(await mine.read('k')).toEqual({ n: 1 });
    expect(opened).toBe(0);
    // Another process (another instance) wrote since: its envelope differs, so it is opened.
    await new SealedStorage<{ n: number }>(inner, vault, 'session').write('k', { n: 2 });
    expect(await mine.read('k')).toEqual({ n: 2 });
    expect(opened).toBe(1);
    // A tampered envelope never matches the remembered one and fails to open (dropped: disposable).
    await mine.write('k', { n: 3 });
    const envelope = (await inner.read('k'))!;
    await inner.write('k', envelope.slice(0, -2) + (envelope.endsWith('AA') ? 'AB' : 'AA'));
    expect(await mine.read('k')).toBeUndefined();
    expect(opened).toBe(2);
    // Bounded: only the most recent keys are remembered.
    for (const key of ['a', 'b', 'c']) await mine.write(key, { n: 4 });
    expect(await mine.read('a')).toEqual({ n: 4 });
    expect(opened).toBe(3);
    expect(await mine.read('c')).toEqual({ n: 4 });
    expect(opened).toBe(3);
  });
});
