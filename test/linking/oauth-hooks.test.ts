import type Redis from 'ioredis';
import type { Grant, LinkUser } from '../../src/linking/types';
import { testRedis } from '../support/redis';
import {
  Browser,
  linkUrlOf,
  location,
  startLinkingApp,
  toCallback,
  waitForText,
  type LinkingApp,
} from './support';

/**
 * The per-connector hooks (what UK Open Banking needs): `prepareAuthorization` adds parameters to
 * the authorization request and a context kept with the state, then with the grant, and handed
 * back to `onTokens` and `onRevoke`.
 */
let redis: Redis;
let app: LinkingApp;
const calls: { hook: string; user: LinkUser; context?: Record<string, string>; subject?: string }[] = [];

beforeAll(async () => {
  redis = testRedis();
  app = await startLinkingApp(redis, {
    hooks: {
      async prepareAuthorization(user) {
        calls.push({ hook: 'prepare', user });
        return {
          scopes: ['openid', 'accounts', 'balances'],
          // ui_locales reaches the bank; a hook cannot replace state or the PKCE challenge.
          extraParams: { ui_locales: 'en-GB', state: 'hook-state', code_challenge_method: 'plain' },
          context: { consentId: 'aac-0001' },
        };
      },
      async onTokens(user: LinkUser, grant: Grant) {
        calls.push({ hook: 'tokens', user, context: grant.context, subject: grant.subject });
      },
      async onRevoke(user: LinkUser, grant: Grant) {
        calls.push({ hook: 'revoke', user, context: grant.context });
      },
    },
  });
});
afterAll(async () => {
  await app?.close();
  await redis?.quit();
});

it('prepareAuthorization shapes the request; its context reaches onTokens, the grant and onRevoke', async () => {
  const u = app.user('hooks-1');
  const user = { channel: 'test', userId: 'hooks-1' };
  await u.say("what's my balance");
  const link = linkUrlOf(u);
  const authorize = new URL(location(await new Browser().get(link), link));
  expect(authorize.searchParams.get('scope')).toBe('openid accounts balances');
  expect(authorize.searchParams.get('ui_locales')).toBe('en-GB');
  expect(authorize.searchParams.get('state')).not.toBe('hook-state');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

  await u.say("what's my balance");
  const browser = new Browser();
  const { callback } = await toCallback(browser, linkUrlOf(u), { customer: 'cust_amelia' });
  await browser.get(callback);
  await waitForText(u, /Your balances:/);
  expect(calls.filter((c) => c.hook === 'tokens')).toEqual([
    { hook: 'tokens', user, context: { consentId: 'aac-0001' }, subject: 'cust_amelia' },
  ]);
  const grant = await app.bot.linking.grant(user, 'sandbox');
  expect(grant).toMatchObject({
    context: { consentId: 'aac-0001' },
    scopes: ['accounts:read', 'balances:read'],
  });

  await u.say('unlink');
  expect(calls.filter((c) => c.hook === 'revoke')).toEqual([
    { hook: 'revoke', user, context: { consentId: 'aac-0001' } },
  ]);
  expect(calls.filter((c) => c.hook === 'prepare')).toHaveLength(2);
});
