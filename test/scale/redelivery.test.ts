import type Redis from 'ioredis';
import { GraphClient } from '../../src/channels/messenger/graph-client';
import { SendApi } from '../../src/channels/messenger/send-api';
import { RedisReplyLedger } from '../../src/engine/dedupe';
import { defineIntent } from '../../src/engine/intent';
import { RedisLock } from '../../src/engine/lock';
import { silentLogger } from '../../src/logging/logger';
import { makeTestBot, type TestBot } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';
import { FakeGraph } from '../channels/messenger/fake-graph';
import { APP_SECRET, captureLogger, PAGE_TOKEN } from '../channels/messenger/helpers';

let redis: Redis;
let fg: FakeGraph;
let tb: TestBot;
let sendApi: SendApi;
let crashes = 0;
const logs = captureLogger();

beforeAll(async () => {
  redis = testRedis();
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
  // One intent whose first run "crashes" (Redis drops) between its two replies.
  const flaky = defineIntent({
    name: 'fallback',
    examples: ['anything'],
    async handle(ctx) {
      await ctx.reply(`one ${ctx.turn.text}`);
      if (ctx.turn.text === 'crash' && crashes++ === 0) throw new Error('Connection is closed.');
      await ctx.reply(`two ${ctx.turn.text}`);
    },
  });
  tb = await makeTestBot({
    redis,
    redisPrefix: uniquePrefix('redeliver'),
    intents: [flaky],
    logger: logs.logger,
  });
  sendApi = new SendApi({
    graph: new GraphClient({ graphUrl: fg.url, pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET }),
    logger: silentLogger(),
    ratePerSecond: 1000,
  });
  tb.bot.engine.registerChannel('messenger', sendApi);
});
afterAll(async () => {
  await sendApi.close();
  await fg.close();
  await tb.close();
  await redis.quit();
});

const turn = (userId: string, messageId: string, text: string) => ({
  channel: 'messenger',
  userId,
  messageId,
  timestamp: Date.now(),
  text,
});

describe('a turn interrupted half-way and delivered again', () => {
  it('is not marked done: the redelivery runs it and sends only the replies that did not go out', async () => {
    const t = turn('redeliver-1', 'mid.crash.1', 'crash');
    // Redis failing mid-turn is transient: no apology, the event stays pending in the inbox.
    await expect(tb.bot.engine.handle(t)).rejects.toThrow('Connection is closed.');
    expect(fg.messages('redeliver-1').map((m) => m.text)).toEqual(['one crash']);
    // Each run of a turn logs under its own trace id (allow-listed), next to the message id.
    const interrupted = logs.lines().find((l) => l.msg === 'turn interrupted; it will be redelivered');
    expect(interrupted).toMatchObject({
      turn: 'mid.crash.1',
      trace: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    await tb.bot.engine.handle(t);
    expect(fg.messages('redeliver-1').map((m) => m.text)).toEqual(['one crash', 'two crash']);
    // Completed now: a third delivery is a duplicate and sends nothing.
    await tb.bot.engine.handle(t);
    expect(fg.messages('redeliver-1')).toHaveLength(2);
  });

  it('a completed turn delivered twice at once is answered once (the lock serialises, done is checked under it)', async () => {
    const t = turn('redeliver-2', 'mid.twice.1', 'hello');
    await Promise.all([tb.bot.engine.handle(t), tb.bot.engine.handle(t), tb.bot.engine.handle(t)]);
    expect(fg.messages('redeliver-2').map((m) => m.text)).toEqual(['one hello', 'two hello']);
  });
});

describe('fencing', () => {
  it('a holder whose lock was taken over finds its fence broken and cannot claim a send', async () => {
    const prefix = uniquePrefix('fence');
    const lock = new RedisLock(redis, { prefix, lockTimeoutMs: 5_000 });
    const ledger = new RedisReplyLedger(redis, `${prefix}sent:`);
    await lock.run('messenger:fenced', async (fence) => {
      expect(await fence.held()).toBe(true);
      const log = ledger.forTurn('messenger:fenced', 'mid.f', fence);
      expect(await log.claim(0, 0)).toBe(true);
      await log.sent(0, 0);
      expect(await log.claim(0, 0)).toBe(false); // went out already
      // Paused past the TTL: the lock expired and another process took it.
      await redis.set(fence.key!, 'someone-else', 'PX', 5_000);
      expect(await fence.held()).toBe(false);
      await expect(fence.assert()).rejects.toMatchObject({ code: 'TELLER_ERR_LOCK_LOST' });
      await expect(log.claim(1, 0)).rejects.toMatchObject({ code: 'TELLER_ERR_LOCK_LOST' });
    });
    // Release is compare-and-delete: the new holder's lock is left alone.
    expect(await redis.get(lock.keyOf('messenger:fenced'))).toBe('someone-else');
    await redis.del(lock.keyOf('messenger:fenced'));
  });

  it('a send claimed by a turn that lost its lock is taken over by the next holder', async () => {
    const prefix = uniquePrefix('takeover');
    const lock = new RedisLock(redis, { prefix, lockTimeoutMs: 5_000 });
    const ledger = new RedisReplyLedger(redis, `${prefix}sent:`);
    await lock.run('messenger:u', async (fence) => {
      expect(await ledger.forTurn('messenger:u', 'mid.t', fence).claim(0, 0)).toBe(true);
      // ...and the process dies before Graph accepted the message (never marked sent).
    });
    await lock.run('messenger:u', async (fence) => {
      expect(await ledger.forTurn('messenger:u', 'mid.t', fence).claim(0, 0)).toBe(true);
    });
  });
});
