import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Redis from 'ioredis';
import type { Browser } from 'playwright-core';
import { loadIntents } from '../../src/engine/loader';
import { defineIntent } from '../../src/engine/intent';
import type { Reply } from '../../src/engine/reply';
import { formatMoney } from '../../src/money';
import { privacyModeFrom } from '../../src/privacy/mode';
import { createApp } from '../../src/server/app';
import { closeServer } from '../../src/server/listen';
import { launchBrowser } from '../support/browser';
import { TEST_NOW } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';
import { directGrant, plain } from '../intents/helpers';
import { dumpRedis, makePrivacyBot, type PrivacyBot } from './support';

let redis: Redis;
let prefix: string;
let t: PrivacyBot;
let server: Server;
let base: string;
let now = TEST_NOW.getTime();

beforeAll(async () => {
  redis = testRedis();
  prefix = uniquePrefix('secure-view');
  // Spending keeps answering in the chat: an intent's own setting wins over the bot's mode.
  const intents = loadIntents().map((i) =>
    i.name === 'spending' ? defineIntent({ ...i, privacy: 'inline' }) : i,
  );
  t = await makePrivacyBot(redis, prefix, {
    privacyMode: 'secure-view',
    intents,
    clock: () => new Date(now),
  });
  server = createServer(createApp(t.bot));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeServer(server);
  await t.bot.close();
  await redis.quit();
});
beforeEach(() => {
  now = TEST_NOW.getTime();
});

/** The secure-view link in the replies, pointed at the test server. */
function linkIn(replies: Reply[]): string {
  const reply = replies.find((r) => r.type === 'buttons');
  const button = reply?.type === 'buttons' ? reply.buttons.find((b) => b.type === 'url') : undefined;
  if (!button || button.type !== 'url') throw new Error(`no secure-view link in: ${plain(replies)}`);
  expect(button.title).toBe('View privately');
  return base + new URL(button.url).pathname;
}

async function balanceFigures(): Promise<string[]> {
  const grant = directGrant();
  const accounts = await t.bank.accounts(grant);
  const balances = await t.bank.balances(
    grant,
    accounts.map((a) => a.id),
  );
  return balances.map((b) => formatMoney({ ...b.current, amount: b.current.amount.replace(/^-/, '') }));
}

describe('privacy mode: secure-view', () => {
  it('reads the mode from TELLER_PRIVACY_MODE', () => {
    expect(privacyModeFrom(undefined)).toBe('inline');
    expect(privacyModeFrom('secure-view')).toBe('secure-view');
    expect(() => privacyModeFrom('hidden')).toThrow(/TELLER_PRIVACY_MODE must be one of inline, secure-view/);
  });

  it('sends a single-use link instead of figures; the page shows them once, then refuses', async () => {
    const u = t.user('viewer');
    await t.linkUser(u);
    const replies = await u.say("what's my balance");
    const url = linkIn(replies);
    const figures = await balanceFigures();
    // The chat carries no figure at all.
    expect(u.transcript()).not.toMatch(/£|\d+\.\d\d/);
    for (const f of figures) expect(u.transcript()).not.toContain(f);

    // Stored: only who asked what, sealed, under a hash of the token.
    const token = url.split('/').pop()!;
    const stored = [...(await dumpRedis(redis, `${prefix}secureview:*`)).entries()];
    expect(stored).toHaveLength(1);
    expect(stored[0]![0]).not.toContain(token);
    expect(stored[0]![1]).toMatch(/^"tv1\./);

    // GET: a button, no figure, nothing used up; the headers forbid caching, framing and scripts.
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const interstitial = await first.text();
    expect(interstitial).toContain('Show my answer');
    for (const f of figures) expect(interstitial).not.toContain(f);
    expect(first.headers.get('cache-control')).toBe('no-store, max-age=0');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(interstitial).not.toMatch(/<script/i);

    // POST: the answer, fetched from the bank now.
    const shown = await fetch(url, { method: 'POST' });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store, max-age=0');
    const html = await shown.text();
    for (const f of figures) expect(html).toContain(f);
    expect(html).toContain('Your balances');
    expect(await dumpRedis(redis, `${prefix}secureview:*`)).toEqual(new Map());

    // Second time: refused, either way.
    const again = await fetch(url);
    expect(again.status).toBe(410);
    expect(await again.text()).toMatch(/expired or was already used/);
    const replay = await fetch(url, { method: 'POST' });
    expect(replay.status).toBe(410);
    const replayed = await replay.text();
    for (const f of figures) expect(replayed).not.toContain(f);
  });

  it('expires after 5 minutes, and refuses once the customer unlinked', async () => {
    const u = t.user('late-viewer');
    await t.linkUser(u);
    const late = linkIn(await u.say("what's my balance"));
    now += 5 * 60_000 + 1;
    expect((await fetch(late, { method: 'POST' })).status).toBe(410);

    const unlinked = linkIn(await u.say("what's my balance"));
    await u.say('unlink my bank');
    const res = await fetch(unlinked, { method: 'POST' });
    expect(res.status).toBe(410);
    expect(await res.text()).toMatch(/no longer linked/);
  });

  it('an intent set to inline still answers in the chat', async () => {
    const u = t.user('inline-viewer');
    await t.linkUser(u);
    expect(plain(await u.say('how much did I spend last month'))).toMatch(/£/);
  });

  it('in a real browser: opens once with the balance, then is refused', async () => {
    const u = t.user('browser-viewer');
    await t.linkUser(u);
    const url = linkIn(await u.say("what's my balance"));
    const figures = await balanceFigures();
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.goto(url);
      await page.getByRole('button', { name: 'Show my answer' }).click();
      await page.getByRole('heading', { name: 'Your answer' }).waitFor();
      const body = await page.locator('body').innerText();
      expect(body).toContain(figures[0]);
      const second = await page.goto(url);
      expect(second?.status()).toBe(410);
      expect(await page.locator('body').innerText()).toMatch(/expired or was already used/);
    } finally {
      await browser?.close();
    }
  }, 60_000);
});
