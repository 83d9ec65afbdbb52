import type Redis from 'ioredis';
import { testRedis } from '../support/redis';
import {
  askForLink,
  Browser,
  location,
  startLinkingApp,
  toCallback,
  waitForText,
  type LinkingApp,
} from './support';

/**
 * The whole redirect dance over plain HTTP: the chat offers a link, the browser follows
 * /link/start → the sandbox bank's OpenID provider (oidc-provider) → its sign-in and consent
 * screen → /link/callback, and Teller exchanges the code for real (openid-client, PKCE S256).
 */
let redis: Redis;
let app: LinkingApp;

beforeAll(async () => {
  redis = testRedis();
  app = await startLinkingApp(redis);
});
afterAll(async () => {
  await app?.close();
  await redis?.quit();
});

const sandbox = (id: string) => ({ channel: 'test', userId: id });

const ask = (id: string) => askForLink(app, id);

describe('OAuth linking with the sandbox bank', () => {
  it('start → bank sign-in and consent → callback: grant sealed, consent recorded, chat confirms and answers', async () => {
    const link = await ask('oa-1');
    expect(link).toMatch(new RegExp(`^${app.base}/link/start\\?t=[A-Za-z0-9_-]{43}$`));
    const browser = new Browser();

    const start = await browser.get(link);
    expect(start.status).toBe(303);
    expect(start.headers.get('cache-control')).toBe('no-store');
    expect(start.headers.get('referrer-policy')).toBe('no-referrer');
    const authorize = new URL(location(start, link));
    expect(authorize.origin + authorize.pathname).toBe(`${app.base}/sandbox-bank/auth`);
    const q = authorize.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('openid accounts balances transactions');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('redirect_uri')).toBe(`${app.base}/link/callback`);
    // Only an opaque HttpOnly binding reaches the browser: no state, verifier or nonce in a cookie.
    const setCookie = start.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(
      /^teller_link=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/link; Expires=.*; HttpOnly; SameSite=Lax$/,
    );
    for (const v of [q.get('state')!, q.get('nonce')!]) expect(setCookie).not.toContain(v);

    const toScreen = await browser.get(authorize.href);
    const screenUrl = location(toScreen, authorize.href);
    const screen = await browser.get(screenUrl);
    const html = await screen.text();
    expect(html).toContain('Sign in as (sandbox demo customer)');
    for (const name of ['Amelia', 'Daniel', 'Sofia']) expect(html).toContain(name);
    expect(html).toContain('Also share your transaction detail');
    expect(html).not.toMatch(/<script/i);
    const posted = await browser.post(screenUrl, {
      customer: 'cust_amelia',
      decision: 'approve',
      share_transactions: 'yes',
    });
    const resume = location(posted, screenUrl);
    const back = await browser.get(resume);
    const callback = location(back, resume);
    expect(callback.startsWith(`${app.base}/link/callback?code=`)).toBe(true);
    expect(new URL(callback).searchParams.get('iss')).toBe(`${app.base}/sandbox-bank`);

    const u = app.user('oa-1');
    const before = u.all.length;
    const done = await browser.get(callback);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/link/done?result=approved');
    const transcript = await waitForText(u, /Your balances:/);
    const after = u.all
      .slice(before)
      .map((r) => ('text' in r ? r.text : ''))
      .join('\n');
    expect(after).toMatch(/^You're linked to Sandbox Bank\. .*read-only.*Say "unlink"/s);
    expect(after.indexOf("You're linked")).toBeLessThan(after.indexOf('Your balances:'));
    expect(transcript).toMatch(/••\d{4}/);

    const grant = await app.bot.linking.grant(sandbox('oa-1'), 'sandbox');
    expect(grant).toMatchObject({
      connector: 'sandbox',
      subject: 'cust_amelia',
      scopes: ['accounts:read', 'balances:read', 'transactions:read'],
    });
    expect(grant!.refreshToken).toBeTruthy();
    expect(grant!.expiresAt).toBe(app.clock.t + 600_000);
    expect(await app.introspect(grant!.accessToken!)).toMatchObject({ active: true, sub: 'cust_amelia' });
    expect(await app.bot.ledger.current(sandbox('oa-1'), 'sandbox')).toMatchObject({
      scopes: ['accounts:read', 'balances:read', 'transactions:read'],
    });

    // At rest the tokens are vault envelopes only; no token appears in Redis or in a log line.
    const keys = await redis.keys('test:linking:*');
    const stored = (
      await Promise.all(keys.map(async (k) => ((await redis.type(k)) === 'string' ? redis.get(k) : '')))
    ).join('\n');
    for (const token of [grant!.accessToken!, grant!.refreshToken!]) {
      expect(stored).not.toContain(token);
      expect(app.logs.join('\n')).not.toContain(token);
    }
    expect(app.logs.join('\n')).not.toContain(new URL(callback).searchParams.get('code')!);

    const donePage = await browser.get(`${app.base}/link/done?result=approved`);
    expect(await donePage.text()).toContain('Type “unlink” in the chat');
  });

  it('shares only balances when the customer unticks transaction detail', async () => {
    const link = await ask('oa-2');
    const browser = new Browser();
    const { callback } = await toCallback(browser, link, {
      customer: 'cust_sofia',
      shareTransactions: false,
    });
    await browser.get(callback);
    await waitForText(app.user('oa-2'), /Your balances:/);
    const grant = await app.bot.linking.grant(sandbox('oa-2'), 'sandbox');
    expect(grant).toMatchObject({ subject: 'cust_sofia', scopes: ['accounts:read', 'balances:read'] });
    expect(app.user('oa-2').transcript()).toMatch(
      /Teller can now read your balances \(not your transactions\)/,
    );
    expect((await app.introspect(grant!.accessToken!)).scope).toBe('openid accounts balances');
  });

  it('a declined consent stores nothing and the chat says so calmly', async () => {
    const link = await ask('oa-3');
    const browser = new Browser();
    const { callback } = await toCallback(browser, link, { decision: 'decline' });
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    const res = await browser.get(callback);
    expect(res.headers.get('location')).toBe('/link/done?result=declined');
    await waitForText(app.user('oa-3'), /you declined, so nothing was shared and nothing was stored/);
    expect(await app.bot.linking.grant(sandbox('oa-3'), 'sandbox')).toBeUndefined();
    expect(await app.bot.ledger.current(sandbox('oa-3'), 'sandbox')).toBeUndefined();
  });
});
