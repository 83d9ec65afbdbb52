import type Redis from 'ioredis';
import * as client from 'openid-client';
import { testRedis } from '../support/redis';
import { Browser, linkUrlOf, startLinkingApp, toCallback, waitForText, type LinkingApp } from './support';

/**
 * The vault side of OAuth linking against the sandbox bank's OpenID provider: access tokens are
 * refreshed on expiry, refresh tokens rotate (the new one is stored; the old one is dead at the
 * bank), and unlinking revokes at the bank (RFC 7009) so its introspection says inactive.
 */
let redis: Redis;
let app: LinkingApp;
let config: client.Configuration;

beforeAll(async () => {
  redis = testRedis();
  app = await startLinkingApp(redis);
  config = await client.discovery(
    new URL(app.oauth.client.issuer),
    app.oauth.client.clientId,
    app.oauth.client.clientSecret,
    undefined,
    { execute: [client.allowInsecureRequests] },
  );
});
afterAll(async () => {
  await app?.close();
  await redis?.quit();
});

const chat = (id: string) => ({ channel: 'test', userId: id });

async function link(id: string, customer = 'cust_daniel'): Promise<void> {
  const u = app.user(id);
  await u.say("what's my balance");
  const browser = new Browser();
  const { callback } = await toCallback(browser, linkUrlOf(u), { customer });
  await browser.get(callback);
  await waitForText(u, /Your balances:/);
}

describe('OAuth grants', () => {
  it('refreshes an expired access token, stores the rotated refresh token, and answers', async () => {
    await link('tok-refresh');
    const first = (await app.bot.linking.grant(chat('tok-refresh'), 'sandbox'))!;
    const [at1, rt1] = [first.accessToken!, first.refreshToken!];

    // Before expiry nothing is refreshed.
    app.clock.t += 5 * 60_000;
    expect((await app.bot.linking.grant(chat('tok-refresh'), 'sandbox'))!.accessToken).toBe(at1);

    app.clock.t += 6 * 60_000; // past the 10-minute access token lifetime
    const u = app.user('tok-refresh');
    const before = u.all.length;
    await u.say("what's my balance");
    expect(u.transcript()).toMatch(/Your balances:/);
    expect(u.all.length).toBeGreaterThan(before);

    const second = (await app.bot.linking.grant(chat('tok-refresh'), 'sandbox'))!;
    expect(second.accessToken).not.toBe(at1);
    expect(second.refreshToken).not.toBe(rt1);
    expect(second).toMatchObject({ subject: 'cust_daniel', grantedAt: first.grantedAt });
    expect(second.expiresAt).toBe(app.clock.t + 600_000);
    expect(await app.introspect(second.accessToken!)).toMatchObject({ active: true, sub: 'cust_daniel' });
    // The old refresh token was rotated out at the bank.
    expect(await app.introspect(rt1)).toEqual({ active: false });
    expect(JSON.stringify(second)).not.toContain(second.accessToken!);
    for (const token of [at1, rt1, second.accessToken!, second.refreshToken!])
      expect(app.logs.join('\n')).not.toContain(token);
  });

  it('two callers at expiry share one refresh (a second use of a rotated token would revoke the grant)', async () => {
    await link('tok-concurrent');
    app.clock.t += 11 * 60_000;
    const [a, b] = await Promise.all([
      app.bot.linking.grant(chat('tok-concurrent'), 'sandbox'),
      app.bot.linking.grant(chat('tok-concurrent'), 'sandbox'),
    ]);
    expect(a!.accessToken).toBe(b!.accessToken);
    expect(await app.introspect(a!.accessToken!)).toMatchObject({ active: true });
    expect(await app.introspect(a!.refreshToken!)).toMatchObject({ active: true });
  });

  it('forgets a grant the bank will no longer refresh, and the chat asks to link again', async () => {
    await link('tok-reused');
    const grant = (await app.bot.linking.grant(chat('tok-reused'), 'sandbox'))!;
    // Someone replays a rotated-out refresh token at the bank: it revokes the whole grant.
    const rotated = await client.refreshTokenGrant(config, grant.refreshToken!);
    await expect(client.refreshTokenGrant(config, grant.refreshToken!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await app.introspect(rotated.access_token)).toEqual({ active: false });

    app.clock.t += 11 * 60_000;
    const u = app.user('tok-reused');
    await u.say("what's my balance");
    expect(u.lastText()).toMatch(/permission to read your accounts/);
    expect(await app.bot.linking.grant(chat('tok-reused'), 'sandbox')).toBeUndefined();
    expect(await app.bot.ledger.current(chat('tok-reused'), 'sandbox')).toBeUndefined();
    expect(app.logs.join('\n')).toMatch(/"code":"TELLER_ERR_LINK_REFRESH"/);
  });

  it('unlink revokes at the bank (introspection: inactive) and deletes the tokens', async () => {
    await link('tok-unlink', 'cust_sofia');
    const grant = (await app.bot.linking.grant(chat('tok-unlink'), 'sandbox'))!;
    expect(await app.introspect(grant.accessToken!)).toMatchObject({ active: true });

    const u = app.user('tok-unlink');
    await u.say('unlink my account');
    expect(u.lastText()).toMatch(/^Done: I revoked Teller's access at Sandbox Bank/);
    expect(await app.introspect(grant.accessToken!)).toEqual({ active: false });
    expect(await app.introspect(grant.refreshToken!)).toEqual({ active: false });
    expect(await app.bot.linking.grant(chat('tok-unlink'), 'sandbox')).toBeUndefined();
    const entries = await app.bot.ledger.list(chat('tok-unlink'));
    expect(entries).toEqual([
      expect.objectContaining({ connector: 'sandbox', revokedAt: expect.any(String) }),
    ]);

    await u.say("what's my balance");
    expect(u.lastText()).toMatch(/permission to read your accounts/);
  });
});
