import type { Server } from 'node:http';
import Redis from 'ioredis';
import { createApp } from '../../src/server/app';
import { closeServer, listen } from '../../src/server/listen';
import { makeTestBot, TEST_NOW, type TestBot } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';

let tb: TestBot;
let server: Server;
let base: string;
let clock: { t: number };

beforeAll(async () => {
  clock = { t: TEST_NOW.getTime() };
  tb = await makeTestBot({ clock: () => new Date(clock.t) });
  ({ server } = await listen(createApp(tb.bot), 0, '127.0.0.1').then((r) => {
    base = `http://127.0.0.1:${r.port}`;
    return r;
  }));
});
afterAll(async () => {
  await closeServer(server);
  await tb.close();
});

/** Asks a bank question and returns the link URL the bot offered, rewritten to this server. */
async function askAndGetLink(userId: string): Promise<string> {
  const u = tb.user(userId);
  await u.say("what's my balance");
  const link = u.findControl('Link account');
  if (!link || !('url' in link)) throw new Error('no link button: ' + u.transcript());
  const url = new URL(link.url);
  return `${base}${url.pathname}${url.search}`;
}

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  };
}

describe('sandbox consent pages', () => {
  it('GET link → consent form → POST approve → redirect, and the chat answers the waiting question', async () => {
    const link = await askAndGetLink('web-1');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/link/consent">');
    expect(html).toMatch(/read your account list and balances/);
    expect(html).not.toMatch(/<script/i);
    const t = new URL(link).searchParams.get('t')!;

    const u = tb.user('web-1');
    const before = u.all.length;
    const res = await fetch(
      `${base}/link/consent`,
      form({ t, customer: 'cust_daniel', decision: 'approve' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/link/done?result=approved');
    const after = u.all.slice(before).map((r) => (r.type === 'text' ? r.text : ''));
    expect(after[0]).toMatch(/You're linked to Sandbox Bank/);
    expect(after[1]).toMatch(/Your balances:/);
    expect(after[1]).toMatch(/£/);
    expect(await tb.bot.linking.grant({ channel: 'test', userId: 'web-1' }, 'sandbox')).toMatchObject({
      subject: 'cust_daniel',
    });

    const done = await fetch(`${base}/link/done?result=approved`);
    expect(await done.text()).toMatch(/Return to the chat/);
  });

  it('refuses a replayed link: the token is single-use', async () => {
    const link = await askAndGetLink('web-2');
    const t = new URL(link).searchParams.get('t')!;
    expect(
      (await fetch(`${base}/link/consent`, form({ t, customer: 'cust_amelia', decision: 'approve' }))).status,
    ).toBe(303);
    expect((await fetch(link)).status).toBe(410);
    const replay = await fetch(
      `${base}/link/consent`,
      form({ t, customer: 'cust_sofia', decision: 'approve' }),
    );
    expect(replay.status).toBe(410);
    expect(await replay.text()).toMatch(/expired or was already used/);
    expect(await tb.bot.linking.grant({ channel: 'test', userId: 'web-2' }, 'sandbox')).toMatchObject({
      subject: 'cust_amelia',
    });
  });

  it('refuses an expired link and stores nothing', async () => {
    const link = await askAndGetLink('web-3');
    const t = new URL(link).searchParams.get('t')!;
    clock.t += 11 * 60_000;
    try {
      expect((await fetch(link)).status).toBe(410);
      expect(
        (await fetch(`${base}/link/consent`, form({ t, customer: 'cust_amelia', decision: 'approve' })))
          .status,
      ).toBe(410);
      expect(await tb.bot.linking.grant({ channel: 'test', userId: 'web-3' }, 'sandbox')).toBeUndefined();
    } finally {
      clock.t -= 11 * 60_000;
    }
  });

  it('declining tells the chat nothing was shared and stores nothing', async () => {
    const link = await askAndGetLink('web-4');
    const t = new URL(link).searchParams.get('t')!;
    const u = tb.user('web-4');
    const res = await fetch(
      `${base}/link/consent`,
      form({ t, customer: 'cust_amelia', decision: 'decline' }),
    );
    expect(res.headers.get('location')).toBe('/link/done?result=declined');
    expect(u.lastText()).toMatch(/nothing was shared/);
    expect(await tb.bot.linking.grant({ channel: 'test', userId: 'web-4' }, 'sandbox')).toBeUndefined();
  });

  it('rejects an unknown customer and an invalid token without storing anything', async () => {
    const link = await askAndGetLink('web-5');
    const t = new URL(link).searchParams.get('t')!;
    expect(
      (await fetch(`${base}/link/consent`, form({ t, customer: 'cust_nobody', decision: 'approve' }))).status,
    ).toBe(400);
    expect((await fetch(`${base}/link/start?t=not-a-real-token-at-all`)).status).toBe(410);
    expect(await tb.bot.linking.grant({ channel: 'test', userId: 'web-5' }, 'sandbox')).toBeUndefined();
  });
});

describe('GET /healthz', () => {
  it('reports memory storage', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      bot: 'demo-bank',
      storage: 'memory',
      redis: 'not-configured',
    });
  });

  it('reports Redis up, and still answers 200 saying it is down when it is unreachable', async () => {
    const redis = testRedis();
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const up = await makeTestBot({ redis, redisPrefix: uniquePrefix('health') });
    const down = await makeTestBot({ redis: dead, redisPrefix: uniquePrefix('health') });
    const a = await listen(createApp(up.bot), 0, '127.0.0.1');
    const b = await listen(createApp(down.bot), 0, '127.0.0.1');
    try {
      expect(await (await fetch(`http://127.0.0.1:${a.port}/healthz`)).json()).toMatchObject({
        storage: 'redis',
        redis: 'up',
      });
      const r = await fetch(`http://127.0.0.1:${b.port}/healthz`);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ storage: 'redis', redis: 'down' });
    } finally {
      await closeServer(a.server);
      await closeServer(b.server);
      await redis.quit();
      dead.disconnect();
    }
  });
});
