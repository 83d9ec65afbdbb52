import type Redis from 'ioredis';
import { MemoryDeduper, RedisDeduper } from '../../src/engine/dedupe';
import { MemoryLock, RedisLock, type UserLock } from '../../src/engine/lock';
import { testKeys, testRedis, uniquePrefix } from '../support/redis';

let redis: Redis;
let redis2: Redis;
beforeAll(() => {
  redis = testRedis();
  redis2 = testRedis();
});
afterAll(async () => {
  await redis.quit();
  await redis2.quit();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function overlapCount(
  lock: UserLock | UserLock[],
  key: string,
  n: number,
): Promise<{ maxConcurrent: number; order: number[] }> {
  const locks = Array.isArray(lock) ? lock : [lock];
  let active = 0;
  let maxConcurrent = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      locks[i % locks.length]!.run(key, async () => {
        active++;
        maxConcurrent = Math.max(maxConcurrent, active);
        await sleep(5);
        order.push(i);
        active--;
      }),
    ),
  );
  return { maxConcurrent, order };
}

describe('per-user locks', () => {
  it('memory lock runs one turn at a time per user, in arrival order', async () => {
    const { maxConcurrent, order } = await overlapCount(new MemoryLock(), 'u1', 20);
    expect(maxConcurrent).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('memory lock lets different users run in parallel', async () => {
    const lock = new MemoryLock();
    let active = 0;
    let max = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((u) =>
        lock.run(u, async () => {
          active++;
          max = Math.max(max, active);
          await sleep(20);
          active--;
        }),
      ),
    );
    expect(max).toBe(3);
  });

  it('a failing turn does not block the next one', async () => {
    const lock = new MemoryLock();
    await expect(lock.run('u', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('u', async () => 'ok')).resolves.toBe('ok');
  });

  it('redis locks from two clients (two processes) never overlap for one user', async () => {
    const prefix = uniquePrefix('lock');
    const a = new RedisLock(redis, { prefix });
    const b = new RedisLock(redis2, { prefix });
    const { maxConcurrent, order } = await overlapCount([a, b], 'user-1', 16);
    expect(maxConcurrent).toBe(1);
    expect(order).toHaveLength(16);
    expect(await testKeys(redis, prefix + '*')).toEqual([]);
  });
});

describe('dedupe', () => {
  it.each([
    ['memory', () => new MemoryDeduper()],
    ['redis', () => new RedisDeduper(redis, uniquePrefix('seen'))],
  ])('%s: exactly one concurrent claim of a message id wins', async (_name, make) => {
    const d = make();
    const results = await Promise.all(Array.from({ length: 8 }, () => d.claim('mid.1')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await d.claim('mid.2')).toBe(true);
  });

  it('memory dedupe forgets ids after its TTL', async () => {
    let t = 0;
    const d = new MemoryDeduper(10, () => t);
    expect(await d.claim('m')).toBe(true);
    t = 5_000;
    expect(await d.claim('m')).toBe(false);
    t = 11_000;
    expect(await d.claim('m')).toBe(true);
  });

  it('memory dedupe drops expired ids as it goes, and stays O(1) per claim with many live ones', async () => {
    let t = 0;
    const d = new MemoryDeduper(10, () => t);
    for (let i = 0; i < 20_000; i++) {
      t = i; // one id per millisecond: about 10 000 live at once
      expect(await d.claim(`m${i}`)).toBe(true);
    }
    expect(await d.claim('m19999')).toBe(false);
    expect(await d.claim('m0')).toBe(true); // long expired, forgotten
    // 150 000 live ids (a busy day): each claim must not walk them all (it used to, past 100 000).
    const day = new MemoryDeduper();
    for (let i = 0; i < 150_000; i++) await day.claim(`d${i}`);
    expect(await day.claim('d0')).toBe(false);
  });
});
