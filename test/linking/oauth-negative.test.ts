import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { testRedis } from '../support/redis';
import {
  askForLink,
  Browser,
  linkUrlOf,
  startLinkingApp,
  toCallback,
  waitForText,
  type LinkingApp,
} from './support';

/**
 * Links that must not work. In each case the page refuses with a stable code, the chat gets a calm
 * message saying what happened, and no grant or consent is stored.
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

const chat = (id: string) => ({ channel: 'test', userId: id });

const ask = (id: string) => askForLink(app, id);

async function expectNothingStored(id: string): Promise<void> {
  expect(await app.bot.linking.grant(chat(id), 'sandbox')).toBeUndefined();
  expect(await app.bot.ledger.current(chat(id), 'sandbox')).toBeUndefined();
  expect(app.user(id).transcript()).not.toMatch(/You're linked|Your balances:/);
}

function withParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.href;
}

async function refused(res: Response, status: number, code: string): Promise<void> {
  expect(res.status).toBe(status);
  const html = await res.text();
  expect(html).toContain(`Code: ${code}`);
  expect(html).toContain('ask again to get a fresh link');
}

describe('OAuth linking refuses', () => {
  it('a replayed link token', async () => {
    const link = await ask('neg-replay');
    expect((await new Browser().get(link)).status).toBe(303);
    await refused(await new Browser().get(link), 410, 'TELLER_ERR_LINK_TOKEN');
    await waitForText(
      app.user('neg-replay'),
      /That link has expired or was already used, so nothing was shared/,
    );
    await expectNothingStored('neg-replay');
  });

  it('an expired link token (10 minutes)', async () => {
    const link = await ask('neg-expired');
    app.clock.t += 10 * 60_000 + 1;
    await refused(await new Browser().get(link), 410, 'TELLER_ERR_LINK_TOKEN');
    await waitForText(app.user('neg-expired'), /That link has expired or was already used/);
    await expectNothingStored('neg-expired');
  });

  it('a mismatched state, and the genuine callback still works afterwards', async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, await ask('neg-state'));
    const forged = withParam(callback, 'state', randomBytes(32).toString('base64url'));
    await refused(await browser.get(forged), 410, 'TELLER_ERR_LINK_STATE');
    await waitForText(app.user('neg-state'), /couldn't be finished safely.*nothing was shared/);
    await expectNothingStored('neg-state');
    // The forged state used nothing up: the customer's own redirect completes the link.
    expect((await browser.get(callback)).headers.get('location')).toBe('/link/done?result=approved');
    await waitForText(app.user('neg-state'), /Your balances:/);
  });

  it('one user completing another user’s link (state bound to the browser that started it)', async () => {
    const alice = new Browser();
    const { callback } = await toCallback(alice, await ask('neg-alice'));
    // Bob started his own link (so his browser has its own binding), then opens Alice's callback.
    const bob = new Browser();
    expect((await bob.get(await ask('neg-bob'))).status).toBe(303);
    await refused(await bob.get(callback), 410, 'TELLER_ERR_LINK_STATE');
    await waitForText(app.user('neg-alice'), /couldn't be finished safely/);
    await expectNothingStored('neg-alice');
    await expectNothingStored('neg-bob');
    // The state was used up by the attempt: Alice's own browser cannot complete it either.
    await refused(await alice.get(callback), 410, 'TELLER_ERR_LINK_STATE');
    await expectNothingStored('neg-alice');
  });

  it('code reuse: a replayed callback never reaches the bank, and a used code is refused by the bank', async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, await ask('neg-reuse'));
    await browser.get(callback);
    await waitForText(app.user('neg-reuse'), /Your balances:/);
    const grant = await app.bot.linking.grant(chat('neg-reuse'), 'sandbox');
    await refused(await browser.get(callback), 410, 'TELLER_ERR_LINK_STATE');
    await waitForText(
      app.user('neg-reuse'),
      /That sign-in was already used, so I ignored it — nothing changed/,
    );
    expect((await app.bot.linking.grant(chat('neg-reuse'), 'sandbox'))?.accessToken).toBe(grant!.accessToken);

    // The used code on a fresh, valid state of another user: the bank refuses the exchange.
    const other = new Browser();
    const fresh = await toCallback(other, await ask('neg-reuse-2'));
    const code = new URL(callback).searchParams.get('code')!;
    await refused(await other.get(withParam(fresh.callback, 'code', code)), 400, 'TELLER_ERR_LINK_EXCHANGE');
    await waitForText(
      app.user('neg-reuse-2'),
      /Your bank couldn't confirm the link, so nothing was shared and nothing was stored/,
    );
    await expectNothingStored('neg-reuse-2');
  });

  it('a PKCE mismatch: a code from one authorization request redeemed with another’s verifier', async () => {
    const browser = new Browser();
    const first = await toCallback(browser, await ask('neg-pkce'));
    const second = await toCallback(browser, await ask('neg-pkce'));
    const code = new URL(first.callback).searchParams.get('code')!;
    await refused(
      await browser.get(withParam(second.callback, 'code', code)),
      400,
      'TELLER_ERR_LINK_EXCHANGE',
    );
    await waitForText(app.user('neg-pkce'), /Your bank couldn't confirm the link/);
    await expectNothingStored('neg-pkce');
    // The bank did not consume that code: with its own request's verifier it still links.
    expect((await browser.get(first.callback)).headers.get('location')).toBe('/link/done?result=approved');
    await waitForText(app.user('neg-pkce'), /Your balances:/);
  });

  it('an authorization response from another issuer (RFC 9207 iss)', async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, await ask('neg-iss'));
    const forged = withParam(callback, 'iss', 'https://attacker.example/bank');
    await refused(await browser.get(forged), 400, 'TELLER_ERR_LINK_EXCHANGE');
    await waitForText(app.user('neg-iss'), /Your bank couldn't confirm the link/);
    await expectNothingStored('neg-iss');
  });

  it('a redirect_uri that is not Messenger’s (no open redirect)', async () => {
    const link = withParam(
      await ask('neg-redirect'),
      'redirect_uri',
      'https://evil.example/messenger_platform/account_linking/',
    );
    await refused(await new Browser().get(link), 400, 'TELLER_ERR_LINK_REDIRECT');
    await expectNothingStored('neg-redirect');
    // The link token was not used up by the refused request.
    expect((await new Browser().get(linkUrlOf(app.user('neg-redirect')))).status).toBe(303);
  });
});

describe('OAuth linking when the bank is down', () => {
  let down: LinkingApp;
  beforeAll(async () => {
    down = await startLinkingApp(redis, { bankDown: true });
  });
  afterAll(() => down?.close());

  it('shows a calm page, tells the chat, and keeps the link usable', async () => {
    const u = down.user('neg-down');
    await u.say("what's my balance");
    const link = linkUrlOf(u);
    await refused(await new Browser().get(link), 502, 'TELLER_ERR_CONNECTOR_UNAVAILABLE');
    await waitForText(u, /I couldn't reach your bank just now, so nothing was shared/);
    // Not used up: the same link is still valid (502 again, not 410), for when the bank is back.
    await refused(await new Browser().get(link), 502, 'TELLER_ERR_CONNECTOR_UNAVAILABLE');
    expect(await down.bot.linking.grant(chat('neg-down'), 'sandbox')).toBeUndefined();
  });
});
