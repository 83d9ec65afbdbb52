import type Redis from 'ioredis';
import { MemoryStorage } from '../../src/session/memory';
import { RedisStorage } from '../../src/session/redis';
import type { TakeableStorage } from '../../src/session/types';
import { testRedis, uniquePrefix } from '../support/redis';

/**
 * One suite, two adapters: memory and Redis must behave identically, so a bot that works in
 * development works the same in production.
 */
interface Value {
  n: number;
  when?: string;
  nested: { list: string[]; flag: boolean };
  gone?: undefined;
}

type Factory = (ttlSeconds: number, clock: { t: number }) => Promise<TakeableStorage<Value>>;

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});

const adapters: [string, Factory][] = [
  ['memory', async (ttlSeconds, clock) => new MemoryStorage<Value>({ ttlSeconds, now: () => clock.t })],
  [
    'redis',
    async (ttlSeconds) =>
      new RedisStorage<Value>({ client: redis, prefix: uniquePrefix('storage'), ttlSeconds }),
  ],
];

describe.each(adapters)('%s storage', (name, make) => {
  const clock = { t: Date.now() };

  it('reads back exactly what was written, after a JSON round-trip', async () => {
    const s = await make(0, clock);
    const date = new Date('2026-03-01T10:00:00Z');
    await s.write('a', {
      n: 1,
      when: date as unknown as string,
      nested: { list: ['x', 'y'], flag: true },
      gone: undefined,
    });
    expect(await s.read('a')).toEqual({
      n: 1,
      when: '2026-03-01T10:00:00.000Z',
      nested: { list: ['x', 'y'], flag: true },
    });
  });

  it('returns undefined for a missing key and after delete', async () => {
    const s = await make(0, clock);
    expect(await s.read('missing')).toBeUndefined();
    await s.write('k', { n: 2, nested: { list: [], flag: false } });
    await s.delete('k');
    expect(await s.read('k')).toBeUndefined();
    await expect(s.delete('never-written')).resolves.toBeUndefined();
  });

  it('overwrites on write', async () => {
    const s = await make(0, clock);
    await s.write('k', { n: 1, nested: { list: [], flag: false } });
    await s.write('k', { n: 3, nested: { list: ['z'], flag: true } });
    expect((await s.read('k'))?.n).toBe(3);
  });

  it('is isolated per key', async () => {
    const s = await make(0, clock);
    await s.write('user:1', { n: 1, nested: { list: [], flag: false } });
    await s.write('user:2', { n: 2, nested: { list: [], flag: false } });
    expect((await s.read('user:1'))?.n).toBe(1);
    expect((await s.read('user:2'))?.n).toBe(2);
  });

  it('take reads and deletes atomically: one of many concurrent takers gets the value', async () => {
    const s = await make(0, clock);
    await s.write('token', { n: 7, nested: { list: [], flag: false } });
    const results = await Promise.all(Array.from({ length: 10 }, () => s.take('token')));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await s.read('token')).toBeUndefined();
  });

  it('rejects values that cannot be stored as JSON', async () => {
    const s = await make(0, clock);
    await expect(s.write('k', undefined as unknown as Value)).rejects.toThrow(/JSON/);
  });

  it('expires values after the TTL', async () => {
    const s = await make(1, clock);
    await s.write('short', { n: 1, nested: { list: [], flag: false } });
    expect(await s.read('short')).toBeDefined();
    if (name === 'memory') clock.t += 1500;
    else await new Promise((r) => setTimeout(r, 1600));
    expect(await s.read('short')).toBeUndefined();
  });
});

describe('redis storage specifics', () => {
  it('stores under the given prefix and sets a TTL on every write', async () => {
    const prefix = uniquePrefix('ttl');
    const s = new RedisStorage<{ a: number }>({ client: redis, prefix, ttlSeconds: 300 });
    await s.write('k', { a: 1 });
    expect(await redis.get(prefix + 'k')).toBe('{"a":1}');
    const ttl = await redis.ttl(prefix + 'k');
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
  });
});
