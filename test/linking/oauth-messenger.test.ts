import type Redis from 'ioredis';
import { accountLinkingItem, webhookBody, WebhookSender } from '../../src/channels/emulator/inbound';
import { silentLogger } from '../../src/logging/logger';
import { openEvents } from '../channels/emulator/helpers';
import { testRedis } from '../support/redis';
import { Browser, startLinkingApp, toCallback, type LinkingApp } from './support';

/**
 * Messenger's own account linking, over the real Messenger channel: the `account_link` button opens
 * our link URL with `account_linking_token` and `redirect_uri`; after the OAuth dance we send the
 * browser to `redirect_uri` with an `authorization_code`; Messenger then posts a signed
 * `account_linking` webhook event carrying it, which completes the chat's confirmation.
 */
let redis: Redis;
let app: LinkingApp;
let sender: WebhookSender;

const META_REDIRECT = 'https://www.facebook.com/messenger_platform/account_linking/';

beforeAll(async () => {
  redis = testRedis();
  app = await startLinkingApp(redis, { messenger: true });
  sender = new WebhookSender({
    url: () => `${app.base}/webhooks/messenger`,
    appSecret: app.messenger!.secrets.appSecret,
    logger: silentLogger(),
  });
});
afterAll(async () => {
  await app?.close();
  await redis?.quit();
});

/** What Messenger would post for this PSID: `linked` with a code, or `unlinked`. */
async function accountLinkingEvent(psid: string, code?: string): Promise<void> {
  const pageId = app.messenger!.emulator.pageId;
  const now = Date.now();
  expect(
    (await sender.deliver(webhookBody(pageId, accountLinkingItem(pageId, psid, code, now), now))).status,
  ).toBe(200);
}

async function say(psid: string, text: string): Promise<void> {
  const res = await fetch(`${app.base}/emulator/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ psid, text }),
  });
  expect(res.status).toBe(200);
}

type Events = ReturnType<typeof openEvents>;

/** The next bot message's text (plain text or a button template). */
async function nextText(events: Events): Promise<{ text: string; url?: string }> {
  const { data } = await events.next('message', 8000);
  const message = data.message as {
    text?: string;
    attachment?: { payload: { text: string; buttons?: { url?: string }[] } };
  };
  if (message.text) return { text: message.text };
  const payload = message.attachment!.payload;
  return { text: payload.text, url: payload.buttons?.find((b) => b.url)?.url };
}

async function until(events: Events, re: RegExp): Promise<string> {
  for (;;) {
    const { text } = await nextText(events);
    if (re.test(text)) return text;
  }
}

describe('Messenger account linking', () => {
  it('redirects back to Messenger with an authorization_code; the linked event confirms and answers', async () => {
    const psid = '7100000000000001';
    const events = openEvents(`${app.base}/emulator/events?psid=${psid}`);
    try {
      await events.next('ready');
      await say(psid, "what's my balance");
      let link: string | undefined;
      while (!link) link = (await nextText(events)).url;

      // What Messenger's account_link button does to our URL.
      const url = new URL(link);
      const redirect = `${META_REDIRECT}?account_linking_token=ARRtest${psid}`;
      url.searchParams.set('account_linking_token', `ARRtest${psid}`);
      url.searchParams.set('redirect_uri', redirect);
      const browser = new Browser();
      const { callback } = await toCallback(browser, url.href, { customer: 'cust_daniel' });
      const back = await browser.get(callback);
      expect(back.status).toBe(303);
      const to = new URL(back.headers.get('location')!);
      expect(`${to.origin}${to.pathname}`).toBe(META_REDIRECT);
      expect(to.searchParams.get('account_linking_token')).toBe(`ARRtest${psid}`);
      const code = to.searchParams.get('authorization_code')!;
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The grant is stored at the callback; the chat waits for Messenger's event.
      const user = { channel: 'messenger', userId: psid };
      expect(await app.bot.linking.grant(user, 'sandbox')).toMatchObject({ subject: 'cust_daniel' });

      // An event for another PSID with this code confirms nothing (and does not use the code up… for them).
      await accountLinkingEvent('7100000000000099', code);
      await accountLinkingEvent(psid, code);
      await until(events, /^You're linked to Sandbox Bank/);
      await until(events, /Your balances:/);

      // A replayed event (same code) is ignored.
      await accountLinkingEvent(psid, code);
      await expect(events.next('message', 500)).rejects.toThrow(/no "message" event/);

      // The customer unlinks in Messenger: Teller revokes at the bank and says so.
      const grant = (await app.bot.linking.grant(user, 'sandbox'))!;
      await accountLinkingEvent(psid);
      await until(events, /You unlinked your account in Messenger/);
      expect(await app.bot.linking.grant(user, 'sandbox')).toBeUndefined();
      expect(await app.introspect(grant.accessToken!)).toEqual({ active: false });
    } finally {
      events.close();
    }
  });

  it('on decline, returns to Messenger without a code and the chat says nothing was shared', async () => {
    const psid = '7100000000000002';
    const events = openEvents(`${app.base}/emulator/events?psid=${psid}`);
    try {
      await events.next('ready');
      await say(psid, "what's my balance");
      let link: string | undefined;
      while (!link) link = (await nextText(events)).url;
      const url = new URL(link);
      url.searchParams.set('account_linking_token', 'ARRdecline');
      url.searchParams.set('redirect_uri', `${META_REDIRECT}?account_linking_token=ARRdecline`);
      const browser = new Browser();
      const { callback } = await toCallback(browser, url.href, { decision: 'decline' });
      const back = await browser.get(callback);
      expect(back.headers.get('location')).toBe(`${META_REDIRECT}?account_linking_token=ARRdecline`);
      await until(events, /you declined, so nothing was shared/);
      // Messenger then reports `unlinked`: nothing was linked, so nothing happens.
      await accountLinkingEvent(psid);
      await expect(events.next('message', 500)).rejects.toThrow(/no "message" event/);
      expect(await app.bot.linking.grant({ channel: 'messenger', userId: psid }, 'sandbox')).toBeUndefined();
    } finally {
      events.close();
    }
  });
});
