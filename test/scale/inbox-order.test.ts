import type Redis from 'ioredis';
import type { InboundEvent } from '../../src/channels/messenger/events';
import { RedisStreamInbox, type RedisInboxOptions } from '../../src/channels/messenger/redis-inbox';
import { silentLogger } from '../../src/logging/logger';
import { testRedis, uniquePrefix } from '../support/redis';
import { sleep, waitFor } from '../channels/messenger/helpers';

let redis: Redis;
const inboxes: RedisStreamInbox[] = [];
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  for (const i of inboxes) await i.close();
  await redis.quit();
});

const ev = (userId: string, n: number): InboundEvent => ({
  kind: 'turn',
  pageId: 'p',
  turn: { channel: 'messenger', userId, messageId: `${userId}.${n}`, timestamp: n, text: String(n) },
});

function inbox(o: Partial<RedisInboxOptions> & { prefix: string }): RedisStreamInbox {
  const i = new RedisStreamInbox({ redis, logger: silentLogger(), blockMs: 50, orderRetryMs: 5, ...o });
  inboxes.push(i);
  return i;
}

describe('Redis inbox: per-user order across consumers', () => {
  it('three consumers process each user’s events one at a time, in arrival order', async () => {
    const prefix = uniquePrefix('order');
    const done = new Map<string, number[]>();
    const running = new Set<string>();
    let overlaps = 0;
    const consumer = async (e: InboundEvent) => {
      if (e.kind !== 'turn') return;
      const u = e.turn.userId;
      if (running.has(u)) overlaps++;
      running.add(u);
      await sleep(Math.random() * 4);
      done.set(u, [...(done.get(u) ?? []), Number(e.turn.text)]);
      running.delete(u);
    };
    const consumers = ['A', 'B', 'C'].map((name) => inbox({ prefix, consumerName: name }));
    for (const c of consumers) await c.start(consumer);
    const users = ['u1', 'u2', 'u3', 'u4'];
    for (let n = 0; n < 30; n++) await consumers[n % 3]!.enqueue(users.map((u) => ev(u, n)));
    await waitFor(() => users.every((u) => (done.get(u)?.length ?? 0) === 30), 20_000);
    expect(overlaps).toBe(0);
    for (const u of users) expect(done.get(u)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    await waitFor(async () => (await redis.xlen(consumers[0]!.stream)) === 0);
    expect(await redis.keys(`{${consumers[0]!.stream}}:order:*`)).toEqual([]);
  });

  it('a later event waits while an earlier one is held by a dead consumer, then follows it', async () => {
    const prefix = uniquePrefix('order-dead');
    const opts = { prefix, claimIdleMs: 300, claimIntervalMs: 100, drainTimeoutMs: 20 };
    const a = inbox({ ...opts, consumerName: 'A', batchSize: 1, maxInFlight: 1 });
    let aGot = false;
    await a.start(async () => {
      aGot = true;
      await new Promise(() => undefined); // hangs: the process is as good as dead
    });
    await a.enqueue([ev('slow', 0)]);
    await waitFor(() => aGot);
    await a.close(); // leaves event 0 pending under A, unacknowledged
    await a.enqueue([ev('slow', 1)]);
    const order: number[] = [];
    const b = inbox({ ...opts, consumerName: 'B' });
    await b.start(async (e) => {
      if (e.kind === 'turn') order.push(Number(e.turn.text));
    });
    await waitFor(() => order.length === 2, 10_000);
    expect(order).toEqual([0, 1]);
  });

  it('an event whose predecessor vanished from the stream (trimmed) does not wait for it', async () => {
    const prefix = uniquePrefix('order-trim');
    const c = inbox({ prefix });
    await c.enqueue([ev('t', 0), ev('t', 1)]);
    const [first] = await redis.xrange(c.stream, '-', '+');
    await redis.xdel(c.stream, first![0]);
    const seen: number[] = [];
    await c.start(async (e) => {
      if (e.kind === 'turn') seen.push(Number(e.turn.text));
    });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([1]);
  });
});
