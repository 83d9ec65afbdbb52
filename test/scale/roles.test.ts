import { createServer, type Server } from 'node:http';
import type Redis from 'ioredis';
import type { InboundEvent } from '../../src/channels/messenger/events';
import type { RedisStreamInbox } from '../../src/channels/messenger/redis-inbox';
import { silentLogger } from '../../src/logging/logger';
import { closeServer } from '../../src/server/listen';
import { createRole, type RoleOptions, type RunningRole } from '../../src/server/roles';
import { makeTestBot, type TestBot } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';
import { FakeGraph } from '../channels/messenger/fake-graph';
import {
  APP_SECRET,
  batch,
  PAGE_TOKEN,
  postWebhook,
  testConfig,
  textMsg,
} from '../channels/messenger/helpers';

let redis: Redis;
let tb: TestBot;
let fg: FakeGraph;
const servers: Server[] = [];
const roles: RunningRole[] = [];

beforeAll(async () => {
  redis = testRedis();
  tb = await makeTestBot({ redis, redisPrefix: uniquePrefix('roles') });
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
});
afterAll(async () => {
  for (const r of roles) await r.close();
  for (const s of servers) await closeServer(s);
  await fg.close();
  await tb.close();
  await redis.quit();
});

async function serve(o: Omit<RoleOptions, 'bot' | 'logger' | 'messenger'>, prefix: string) {
  const role = createRole({
    ...o,
    bot: tb.bot,
    logger: silentLogger(),
    messenger: { config: testConfig(fg.url), redis, redisPrefix: prefix },
  });
  roles.push(role);
  const server = createServer(role.handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  await role.start();
  return { role, base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
}

describe('process roles', () => {
  it('web: stores webhook events for workers and runs no turn itself, not even the ones it creates', async () => {
    const prefix = uniquePrefix('web');
    const { role, base } = await serve({ role: 'web' }, prefix);
    const res = await postWebhook(base, batch({ messaging: [textMsg('web-user', 'hello', 'm_web_1')] }));
    expect(res.status).toBe(200);
    // Linking resumes the chat through engine.handle: in a web process that goes to the inbox too.
    await tb.bot.engine.handle({
      channel: 'messenger',
      userId: 'web-user',
      messageId: 'linked:x',
      timestamp: 1,
      postback: { payload: 'teller:linked:sandbox' },
    });
    const stream = (role.channel!.inbox as RedisStreamInbox).stream;
    const events = (await redis.xrange(stream, '-', '+')).map(
      ([, f]) => JSON.parse(f[1]!) as Extract<InboundEvent, { kind: 'turn' }>,
    );
    expect(events.map((e) => e.turn.messageId)).toEqual(['m_web_1', 'linked:x']);
    expect(fg.messages('web-user')).toEqual([]);
  });

  it('web: sheds webhook POSTs with 503 and Retry-After when overloaded; other pages still answer', async () => {
    const { base } = await serve(
      { role: 'web', shedding: { maxEventLoopDelayMs: -1 } },
      uniquePrefix('shed'),
    );
    const res = await postWebhook(base, batch({ messaging: [textMsg('shed-user', 'hi')] }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('worker: serves /healthz and /metrics only', async () => {
    const { base } = await serve({ role: 'worker' }, uniquePrefix('worker'));
    const health = (await (await fetch(`${base}/healthz`)).json()) as { redis: string };
    expect(health.redis).toBe('up');
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await postWebhook(base, batch({ messaging: [textMsg('w', 'hi')] }))).status).toBe(404);
  });

  it('web and worker refuse to start without Redis', () => {
    expect(() =>
      createRole({
        role: 'worker',
        bot: tb.bot,
        logger: silentLogger(),
        messenger: { config: testConfig(fg.url) },
      }),
    ).toThrow(/REDIS_URL/);
  });
});
