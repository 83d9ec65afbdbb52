import type { Server } from 'node:http';
import express from 'express';
import type Redis from 'ioredis';
import * as client from 'openid-client';
import { createBot, type Bot } from '../../src/bot/create-bot';
import { RecordingChannel } from '../../src/channels/test/recording-channel';
import { TRANSACTION_DETAIL_CHOICE } from '../../src/connectors/openbanking';
import { SandboxBank, sandboxMerchants } from '../../src/connectors/sandbox';
import { sandboxOpenBanking, type SandboxOpenBanking } from '../../src/connectors/sandbox/open-banking-face';
import { loadIntents } from '../../src/engine/loader';
import type { OAuthLinking } from '../../src/linking/oauth-linking';
import { createLogger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';
import { createApp } from '../../src/server/app';
import { closeServer, listen } from '../../src/server/listen';
import { TEST_NOW } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';
import { freePort } from '../support/redis-server';
import { Browser, linkUrlOf, location, waitForText } from './support';

/**
 * UK Open Banking through Teller's linking flow, all over HTTP on one server (as `npm start` with
 * TELLER_BANK=openbanking): Teller's link page (transaction detail opt-in, unticked) → POST
 * /account-access-consents → the sandbox IdP's consent screen authorises that consent → code
 * exchange → the AIS API accepts the IdP's access token by RFC 7662 introspection → the chat
 * answers from the API → unlink revokes at the IdP and DELETEs the consent.
 */
let redis: Redis;
let base: string;
let face: SandboxOpenBanking;
let bot: Bot<OAuthLinking>;
let channel: RecordingChannel;
let server: Server;
let introspect: (token: string) => Promise<client.IntrospectionResponse>;
const bank = new SandboxBank({ now: () => TEST_NOW });
const clock = { t: TEST_NOW.getTime() };
const apiCalls: string[] = [];

beforeAll(async () => {
  redis = testRedis();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  face = sandboxOpenBanking({ bank, publicUrl: base, now: () => TEST_NOW });
  const knownMerchants = sandboxMerchants();
  bot = createBot({
    name: 'ob-bank',
    connector: face.connector,
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    redis,
    redisPrefix: uniquePrefix('oblink'),
    publicUrl: base,
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(clock.t),
    oauth: face.oauth,
  });
  await bot.init();
  channel = new RecordingChannel(bot.engine);
  // Records which AIS endpoints Teller called (paths only).
  const spy = express.Router();
  spy.use('/sandbox-bank/open-banking', (req, _res, next) => {
    apiCalls.push(`${req.method} ${req.path.replace(/aac-[0-9a-f-]+/g, ':id')}`);
    next();
  });
  ({ server } = await listen(createApp(bot, { routers: [spy, ...face.routers] }), port, '127.0.0.1'));
  const config = await client.discovery(
    new URL(face.idp.issuer),
    face.oauth.client.clientId,
    face.oauth.client.clientSecret,
    undefined,
    { execute: [client.allowInsecureRequests] },
  );
  introspect = (token) => client.tokenIntrospection(config, token);
});
afterAll(async () => {
  await closeServer(server);
  await bot?.close();
  await redis?.quit();
});

const user = (id: string) => ({ channel: 'test', userId: id });

/** Chat → Teller's link page → (opt-in) → the bank's authorization endpoint → its consent screen. */
async function toBank(id: string, detail: boolean) {
  const u = channel.user(id);
  await u.say("what's my balance");
  const link = linkUrlOf(u);
  const browser = new Browser();
  const page = await browser.get(link);
  expect(page.status).toBe(200);
  const html = await page.text();
  const t = new URL(link).searchParams.get('t')!;
  const go = new URLSearchParams({ t, go: '1' });
  if (detail) go.append('choice', TRANSACTION_DETAIL_CHOICE);
  const start = await browser.get(`${base}/link/start?${go}`);
  expect(start.status).toBe(303);
  const authorize = new URL(location(start, base));
  const consentId = authorize.searchParams.get('openbanking_intent_id')!;
  const toScreen = await browser.get(authorize.href);
  const screenUrl = location(toScreen, authorize.href);
  const screen = await browser.get(screenUrl);
  return { u, browser, html, authorize, consentId, screenUrl, screenHtml: await screen.text() };
}

async function decide(b: Awaited<ReturnType<typeof toBank>>, decision: string, customer: string) {
  const posted = await b.browser.post(b.screenUrl, { decision, customer });
  const resume = location(posted, b.screenUrl);
  const callback = location(await b.browser.get(resume), resume);
  return b.browser.get(callback);
}

describe('Open Banking AIS v3.1.11 through the linking flow', () => {
  it('consent created least-privilege, authorised at the IdP, balances read from the AIS API, unlink deletes the consent', async () => {
    const b = await toBank('ob-1', false);
    // Teller's page offers the detail opt-in unticked, and carries the link token to the next step.
    expect(b.html).toContain(`name="choice" value="${TRANSACTION_DETAIL_CHOICE}"`);
    expect(b.html).not.toMatch(/checked/);
    expect(b.html).not.toMatch(/<script/i);
    expect(b.authorize.searchParams.get('scope')).toBe('openid accounts');
    expect(b.consentId).toMatch(/^aac-/);
    const created = face.server.consents.get(b.consentId)!;
    expect(created.Status).toBe('AwaitingAuthorisation');
    expect(created.Permissions).toEqual([
      'ReadAccountsBasic',
      'ReadBalances',
      'ReadTransactionsBasic',
      'ReadTransactionsCredits',
      'ReadTransactionsDebits',
    ]);
    // The bank's screen lists the consent's permissions; there is nothing to untick there.
    expect(b.screenHtml).toContain('read your balances');
    expect(b.screenHtml).toContain('the amounts, dates and types of your transactions');
    expect(b.screenHtml).not.toContain('payee names');
    expect(b.screenHtml).not.toContain('share_transactions');

    const before = apiCalls.length;
    const done = await decide(b, 'approve', 'cust_amelia');
    expect(done.headers.get('location')).toBe('/link/done?result=approved');
    expect(face.server.consents.get(b.consentId)).toMatchObject({
      Status: 'Authorised',
      subject: 'cust_amelia',
    });
    const transcript = await waitForText(b.u, /Your balances:/);
    expect(transcript).toMatch(/Teller can now read your balances and transactions/);
    // The figures are the bank's, read through the AIS API with the IdP's token.
    const grantAtBank = { subject: 'cust_amelia', scopes: [] };
    const accounts = await bank.accounts(grantAtBank);
    const balances = await bank.balances(grantAtBank);
    // Least privilege: no ReadAccountsDetail, so no account numbers, not even the last 4 digits.
    for (const a of accounts) expect(transcript).toContain(a.name.replace(/\s+account$/i, ''));
    expect(transcript).not.toContain('••');
    const current = balances[0]!.current;
    const [whole] = current.amount.replace('-', '').split('.');
    expect(transcript.replace(/,/g, '')).toContain(whole!);
    const called = apiCalls.slice(before);
    // onTokens read the consent back (it must be Authorised) before the grant was stored.
    expect(called[0]).toBe('GET /v3.1/aisp/account-access-consents/:id');
    expect(called).toContain('GET /v3.1/aisp/accounts');
    expect(called.filter((c) => c.endsWith('/balances'))).toHaveLength(accounts.length);

    const grant = await bot.linking.grant(user('ob-1'), 'openbanking');
    expect(grant).toMatchObject({
      connector: 'openbanking',
      subject: 'cust_amelia',
      scopes: ['accounts:read', 'balances:read', 'transactions:read'],
      context: { consentId: b.consentId },
    });
    expect(grant!.context!.permissions).not.toContain('ReadTransactionsDetail');
    expect(await introspect(grant!.accessToken!)).toMatchObject({
      active: true,
      sub: 'cust_amelia',
      openbanking_intent_id: b.consentId,
    });

    await b.u.say('unlink');
    await waitForText(b.u, /Done: I revoked Teller's access/);
    expect((await introspect(grant!.accessToken!)).active).toBe(false);
    expect((await introspect(grant!.refreshToken!)).active).toBe(false);
    // DELETE /account-access-consents/{id}: the consent is gone at the bank.
    expect(apiCalls).toContain('DELETE /v3.1/aisp/account-access-consents/:id');
    expect(face.server.consents.get(b.consentId)).toBeUndefined();
    const stale = await fetch(`${face.baseUrl}/accounts`, {
      headers: {
        authorization: `Bearer ${grant!.accessToken!}`,
        'x-fapi-financial-id': face.server.financialId,
      },
    });
    expect(stale.status).toBe(401);
    expect(await bot.linking.grant(user('ob-1'), 'openbanking')).toBeUndefined();
    expect(await bot.ledger.current(user('ob-1'), 'openbanking')).toBeUndefined();
  });

  it('ticking transaction detail adds ReadTransactionsDetail to the consent, and only then', async () => {
    const b = await toBank('ob-2', true);
    expect(face.server.consents.get(b.consentId)!.Permissions).toContain('ReadTransactionsDetail');
    expect(b.screenHtml).toContain('your transaction detail (payee names, references, merchant codes)');
    await decide(b, 'approve', 'cust_daniel');
    await waitForText(b.u, /Your balances:/);
    const grant = await bot.linking.grant(user('ob-2'), 'openbanking');
    expect(grant!.context!.permissions!.split(' ')).toContain('ReadTransactionsDetail');
    expect(grant!.subject).toBe('cust_daniel');

    // 11 minutes on, the access token has expired: the refresh (rotated) keeps the consent's scopes,
    // and the new access token is bound to the same consent at the IdP.
    clock.t += 11 * 60_000;
    try {
      const before = b.u.all.length;
      await b.u.say("what's my balance");
      expect(
        b.u.all
          .slice(before)
          .map((r) => ('text' in r ? r.text : ''))
          .join('\n'),
      ).toMatch(/Your balances:/);
      const refreshed = await bot.linking.grant(user('ob-2'), 'openbanking');
      expect(refreshed!.accessToken).not.toBe(grant!.accessToken);
      expect(refreshed!.scopes).toEqual(grant!.scopes);
      expect(refreshed!.context).toEqual(grant!.context);
      expect(await introspect(refreshed!.accessToken!)).toMatchObject({
        active: true,
        openbanking_intent_id: b.consentId,
      });
    } finally {
      clock.t = TEST_NOW.getTime();
    }
  });

  it('a declined consent is Rejected at the bank and nothing is stored', async () => {
    const b = await toBank('ob-3', false);
    const done = await decide(b, 'decline', 'cust_sofia');
    expect(done.headers.get('location')).toBe('/link/done?result=declined');
    await waitForText(b.u, /you declined, so nothing was shared and nothing was stored/);
    expect(face.server.consents.get(b.consentId)!.Status).toBe('Rejected');
    expect(await bot.linking.grant(user('ob-3'), 'openbanking')).toBeUndefined();
    expect(await bot.ledger.current(user('ob-3'), 'openbanking')).toBeUndefined();
  });

  it("the opt-in page carries Messenger's account-linking parameters on to the bank step", async () => {
    const u = channel.user('ob-4');
    await u.say("what's my balance");
    const redirect = 'https://www.facebook.com/messenger_platform/account_linking/?account_linking_token=abc';
    const q = new URLSearchParams({ account_linking_token: 'abc', redirect_uri: redirect });
    const html = await (await fetch(`${linkUrlOf(u)}&${q}`)).text();
    expect(html).toContain('<input type="hidden" name="account_linking_token" value="abc">');
    expect(html).toContain(`name="redirect_uri" value="${redirect.replace(/&/g, '&amp;')}"`);
    expect(html).toContain('<input type="hidden" name="go" value="1">');
    // A used or unknown link token gets no page.
    expect((await fetch(`${base}/link/start?t=nope`)).status).toBe(410);
  });

  it('the AIS API refuses tokens the IdP does not vouch for', async () => {
    const res = await fetch(`${face.baseUrl}/accounts`, {
      headers: { authorization: 'Bearer not-a-token', 'x-fapi-financial-id': face.server.financialId },
    });
    expect(res.status).toBe(401);
  });
});
