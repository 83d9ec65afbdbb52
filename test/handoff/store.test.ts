import fc from 'fast-check';
import type Redis from 'ioredis';
import { RedisHandoffStore } from '../../src/handoff/redis-store';
import { MemoryHandoffStore, type HandoffStore } from '../../src/handoff/store';
import { ephemeralKeyring, TokenVault } from '../../src/vault';
import { testRedis, uniquePrefix } from '../support/redis';

const vault = new TokenVault(ephemeralKeyring());
let redis: Redis;
let other: Redis;
beforeAll(() => {
  redis = testRedis();
  other = testRedis();
});
afterAll(async () => {
  await redis.quit();
  await other.quit();
});

const kinds: [string, () => HandoffStore][] = [
  ['memory', () => new MemoryHandoffStore()],
  ['redis', () => new RedisHandoffStore({ client: redis, prefix: uniquePrefix('handoff-store'), vault })],
];

describe.each(kinds)('%s handoff store', (_name, make) => {
  it('queues high priority first, then in arrival order; claiming leaves the queue', async () => {
    const s = make();
    await s.apply('test:a', { type: 'request', at: 1000, priority: 'normal', reason: 'customer' });
    await s.apply('test:b', { type: 'request', at: 2000, priority: 'normal', reason: 'customer' });
    await s.apply('test:c', {
      type: 'request',
      at: 3000,
      priority: 'high',
      reason: 'intent',
      intent: 'fraud.report',
    });
    expect((await s.queue()).map((e) => e.key)).toEqual(['test:c', 'test:a', 'test:b']);
    expect(await s.position('test:b')).toBe(3);
    const claimed = await s.apply('test:c', { type: 'claim', at: 4000, agent: 'alice' });
    expect(claimed.ok).toBe(true);
    expect(await s.queueLength()).toBe(2);
    expect(await s.position('test:c')).toBeUndefined();
    expect((await s.get('test:c'))?.agent).toBe('alice');
  });

  it('refuses an illegal transition and leaves the record as it was', async () => {
    const s = make();
    const out = await s.apply('test:x', { type: 'claim', at: 1, agent: 'alice' });
    expect(out).toMatchObject({ ok: false, reason: 'illegal', state: 'bot' });
    expect(await s.get('test:x')).toBeUndefined();
  });

  it('takes idle conversations once', async () => {
    const s = make();
    await s.touch('test:old', 100);
    await s.touch('test:new', 5000);
    expect(await s.recent(0)).toEqual(['test:new', 'test:old']);
    expect(await s.takeIdle(1000)).toEqual(['test:old']);
    expect(await s.takeIdle(1000)).toEqual([]);
  });

  it('keeps the last 20 waits, newest first', async () => {
    const s = make();
    for (let i = 1; i <= 25; i++) await s.recordWait(i * 1000);
    const waits = await s.waits();
    expect(waits).toHaveLength(20);
    expect(waits[0]).toBe(25_000);
  });
});

describe('redis handoff store across processes', () => {
  it('of N agents claiming one conversation at once from two connections, exactly one wins', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), async (n) => {
        const prefix = uniquePrefix('handoff-race');
        const a = new RedisHandoffStore({ client: redis, prefix, vault });
        const b = new RedisHandoffStore({ client: other, prefix, vault });
        await a.apply('messenger:1', { type: 'request', at: 1, priority: 'normal', reason: 'customer' });
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            (i % 2 ? b : a).apply('messenger:1', { type: 'claim', at: 2, agent: `agent${i}` }),
          ),
        );
        const winners = results.filter((r) => r.ok);
        expect(winners).toHaveLength(1);
        const record = await a.get('messenger:1');
        expect(record?.state).toBe('agent');
        expect(winners[0]!.ok && winners[0]!.record.agent).toBe(record?.agent);
        for (const r of results) if (!r.ok) expect(r.agent).toBe(record?.agent);
        expect(await a.queueLength()).toBe(0);
      }),
      { numRuns: 15 },
    );
  });

  it('keeps the record sealed at rest: no agent id or reason in clear text', async () => {
    const prefix = uniquePrefix('handoff-sealed');
    const s = new RedisHandoffStore({ client: redis, prefix, vault });
    await s.apply('messenger:42', {
      type: 'request',
      at: 1,
      priority: 'high',
      reason: 'intent',
      intent: 'fraud.report',
    });
    await s.apply('messenger:42', { type: 'claim', at: 2, agent: 'alice' });
    const raw = await redis.hget(`${prefix}{handoff}:conv:messenger:42`, 'data');
    expect(raw).toMatch(/^tv1/);
    expect(raw).not.toMatch(/alice|fraud/);
    expect(await redis.ttl(`${prefix}{handoff}:conv:messenger:42`)).toBeGreaterThan(7 * 24 * 3600);
    // A new store (a restarted process) reads the same state.
    const again = new RedisHandoffStore({ client: other, prefix, vault });
    expect((await again.get('messenger:42'))?.agent).toBe('alice');
  });
});
