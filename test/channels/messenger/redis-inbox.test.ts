import type { Server } from 'node:http';
import Redis from 'ioredis';
import express from 'express';
import { createMessengerChannel, type MessengerChannel } from '../../../src/channels/messenger';
import { createDispatcher } from '../../../src/channels/messenger/dispatcher';
import type { InboundEvent } from '../../../src/channels/messenger/events';
import { RedisStreamInbox } from '../../../src/channels/messenger/redis-inbox';
import { messengerWebhook } from '../../../src/channels/messenger/webhook';
import { MemoryDeduper } from '../../../src/engine/dedupe';
import { silentLogger } from '../../../src/logging/logger';
import { closeServer, listen } from '../../../src/server/listen';
import { makeTestBot, type TestBot } from '../../support/bot';
import { freePort } from '../../support/redis-server';
import { testRedis, uniquePrefix } from '../../support/redis';
import { FakeGraph } from './fake-graph';
import { APP_SECRET, batch, PAGE_TOKEN, postWebhook, sleep, testConfig, textMsg, waitFor } from './helpers';

let redis: Redis;
let tb: TestBot;
let fg: FakeGraph;
const prefix = uniquePrefix('messenger-inbox');
const servers: Server[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = testRedis();
  tb = await makeTestBot({ redis, redisPrefix: `${prefix}bot:` });
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  for (const s of servers) await closeServer(s);
  await fg.close();
  await tb.close();
  await redis.quit();
});

async function serve(router: express.Router): Promise<string> {
  const app = express();
  app.use(router);
  const r = await listen(app as never, 0, '127.0.0.1');
  servers.push(r.server);
  return `http://127.0.0.1:${r.port}`;
}

const config = () => testConfig(fg.url);

describe('Redis Streams inbox', () => {
  it('has the event in the stream before answering 200', async () => {
    const p = `${prefix}ack:`;
    const inbox = new RedisStreamInbox({ redis, logger: silentLogger(), prefix: p }); // not started
    const base = await serve(messengerWebhook({ config: config(), inbox, logger: silentLogger() }));
    const res = await postWebhook(base, batch({ messaging: [textMsg('stream-user', 'hi', 'm_stream_1')] }));
    expect(res.status).toBe(200);
    const entries = await redis.xrange(inbox.stream, '-', '+');
    expect(entries).toHaveLength(1);
    const event = JSON.parse(entries[0]![1][1]!) as InboundEvent;
    expect(event).toMatchObject({ kind: 'turn', turn: { userId: 'stream-user', messageId: 'm_stream_1' } });
  });

  it('answers 503 when Redis is unreachable, so Meta redelivers', async () => {
    const dead = new Redis({
      port: await freePort(),
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    dead.on('error', () => undefined);
    const inbox = new RedisStreamInbox({
      redis: dead,
      logger: silentLogger(),
      prefix: `${prefix}dead:`,
      enqueueTimeoutMs: 300,
    });
    const base = await serve(messengerWebhook({ config: config(), inbox, logger: silentLogger() }));
    const res = await postWebhook(base, batch({ messaging: [textMsg('down-user', 'hi')] }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    dead.disconnect();
  });

  it('processes through the real bot, then acknowledges and deletes the entry', async () => {
    const channel: MessengerChannel = createMessengerChannel({
      engine: tb.bot.engine,
      config: config(),
      logger: silentLogger(),
      redis,
      redisPrefix: `${prefix}full:`,
      redisInbox: { blockMs: 100 },
    });
    closers.push(() => channel.close());
    await channel.start();
    const base = await serve(channel.router);
    const res = await postWebhook(base, batch({ messaging: [textMsg('redis-user', 'hello')] }));
    expect(res.status).toBe(200);
    const [m] = await fg.waitForMessages('redis-user', 1);
    expect(m!.text).toMatch(/^Hi! I'm Teller/);
    const inbox = channel.inbox as RedisStreamInbox;
    await waitFor(async () => (await redis.xlen(inbox.stream)) === 0);
    const summary = (await redis.xpending(inbox.stream, inbox.group)) as [number, ...unknown[]];
    expect(summary[0]).toBe(0);
  });

  async function crashScenario(name: string, processBeforeDying: boolean) {
    const p = `${prefix}${name}:`;
    const logger = silentLogger();
    const channel = createMessengerChannel({
      engine: tb.bot.engine,
      config: config(),
      logger,
      inbox: { enqueue: async () => undefined, start: async () => undefined, close: async () => undefined },
    });
    const dispatch = createDispatcher({
      engine: tb.bot.engine,
      sendApi: channel.sendApi,
      logger,
      deduper: new MemoryDeduper(),
    });
    const opts = {
      redis,
      logger,
      prefix: p,
      blockMs: 50,
      claimIntervalMs: 100,
      claimIdleMs: 400,
      drainTimeoutMs: 50,
    };

    // Consumer A reads the event and "dies" before XACK (its handler never finishes).
    let aGotIt = false;
    const a = new RedisStreamInbox({ ...opts, consumerName: 'A' });
    await a.start(async (event) => {
      aGotIt = true;
      if (processBeforeDying) await dispatch(event);
      await new Promise(() => undefined);
    });
    const user = `crash-${name}`;
    await a.enqueue([
      {
        kind: 'turn',
        pageId: 'p',
        turn: { channel: 'messenger', userId: user, messageId: `mid-${name}`, timestamp: 1, text: 'hi' },
      },
    ]);
    await waitFor(() => aGotIt);
    if (processBeforeDying) await fg.waitForMessages(user, 1);
    await a.close();
    expect(((await redis.xpending(a.stream, a.group)) as [number])[0]).toBe(1);

    // Consumer B claims it once it has been idle long enough, and processes it.
    const b = new RedisStreamInbox({ ...opts, consumerName: 'B' });
    let bRan = 0;
    await b.start(async (event) => {
      bRan++;
      await dispatch(event);
    });
    await waitFor(async () => ((await redis.xpending(b.stream, b.group)) as [number])[0] === 0);
    await b.close();
    expect(bRan).toBe(1);
    await sleep(100);
    return fg.messages(user);
  }

  it('re-processes an event whose consumer died before processing it (XAUTOCLAIM)', async () => {
    const messages = await crashScenario('before', false);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toMatch(/^Hi! I'm Teller/);
  });

  it('re-delivers an event whose consumer died after replying but before XACK; the engine dedupes it', async () => {
    const messages = await crashScenario('after', true);
    expect(messages).toHaveLength(1);
  });

  it('moves an event that keeps failing to the dead-letter stream', async () => {
    const inbox = new RedisStreamInbox({
      redis,
      logger: silentLogger(),
      prefix: `${prefix}poison:`,
      blockMs: 50,
      claimIntervalMs: 60,
      claimIdleMs: 50,
      maxDeliveries: 2,
    });
    let attempts = 0;
    await inbox.start(async () => {
      attempts++;
      throw new Error('boom');
    });
    await inbox.enqueue([
      {
        kind: 'account_linking',
        pageId: 'p',
        userId: 'poison',
        linking: { status: 'unlinked', timestamp: 1 },
      },
    ]);
    await waitFor(async () => (await redis.xlen(inbox.deadStream)) === 1);
    await inbox.close();
    expect(attempts).toBe(2);
    expect(await redis.xlen(inbox.stream)).toBe(0);
  });

  it('never closes the injected client', async () => {
    const inbox = new RedisStreamInbox({
      redis,
      logger: silentLogger(),
      prefix: `${prefix}own:`,
      blockMs: 50,
    });
    await inbox.start(async () => undefined);
    await inbox.close();
    expect(await redis.ping()).toBe('PONG');
  });
});
