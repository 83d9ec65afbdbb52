import { generateLocalSecrets, messengerMode } from '../../../src/channels/emulator';
import { openEvents, postJson, startHarness, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const PSID = '1234567890123456';
const lastMessaging = () => {
  const body = h.webhooks[h.webhooks.length - 1] as {
    object: string;
    entry: { id: string; time: number; messaging: Record<string, unknown>[] }[];
  };
  expect(body.object).toBe('page');
  expect(body.entry[0]!.id).toBe(h.emulator.pageId);
  return body.entry[0]!.messaging[0]!;
};

describe('the page → webhook side', () => {
  it('turns typed text into a signed Meta message event, echoed to the tab', async () => {
    const events = openEvents(`${h.url}/emulator/events?psid=${PSID}`);
    await events.next('ready');
    const res = await postJson(`${h.url}/emulator/send`, { psid: PSID, text: 'hi' });
    expect(res.status).toBe(200);
    const { mid } = (await res.json()) as { mid: string };
    expect(mid).toMatch(/^m_/);
    expect(lastMessaging()).toMatchObject({
      sender: { id: PSID },
      recipient: { id: h.emulator.pageId },
      timestamp: expect.any(Number),
      message: { mid, text: 'hi' },
    });
    expect((await events.next('user')).data).toMatchObject({ type: 'user', text: 'hi', mid });
    events.close();
  });

  it('sends quick-reply taps, postbacks and locations in their Meta shapes, each with a fresh mid', async () => {
    await postJson(`${h.url}/emulator/send`, {
      psid: PSID,
      kind: 'quick_reply',
      payload: 'intent:balance',
      title: 'Balance',
    });
    const quick = lastMessaging();
    expect(quick.message).toMatchObject({ text: 'Balance', quick_reply: { payload: 'intent:balance' } });
    await postJson(`${h.url}/emulator/send`, {
      psid: PSID,
      kind: 'postback',
      payload: 'teller:get_started',
      title: 'Get Started',
    });
    const postback = lastMessaging();
    expect(postback.postback).toMatchObject({ title: 'Get Started', payload: 'teller:get_started' });
    await postJson(`${h.url}/emulator/send`, { psid: PSID, location: { lat: 51.5308, lon: -0.1238 } });
    const location = lastMessaging() as { message: { attachments: unknown[]; mid: string } };
    expect(location.message.attachments[0]).toMatchObject({
      type: 'location',
      payload: { coordinates: { lat: 51.5308, long: -0.1238 } },
    });
    const mids = [quick.message, postback.postback, location.message].map((m) => (m as { mid: string }).mid);
    expect(new Set(mids).size).toBe(3);
  });

  it('replays a conversation to a reloaded tab, then only what a reconnecting tab missed', async () => {
    const psid = '5550001112223334';
    await postJson(`${h.url}/emulator/send`, { psid, text: 'first' });
    const reload = openEvents(`${h.url}/emulator/events?psid=${psid}`);
    const first = await reload.next('user');
    expect(first.data.text).toBe('first');
    reload.close();
    await postJson(`${h.url}/emulator/send`, { psid, text: 'second' });
    const resumed = openEvents(`${h.url}/emulator/events?psid=${psid}&after=${first.id}`);
    expect((await resumed.next('user')).data.text).toBe('second');
    resumed.close();
  });

  it('reports a webhook that does not answer 200', async () => {
    h.webhookStatus.code = 500;
    const res = await postJson(`${h.url}/emulator/send`, { psid: PSID, text: 'hello?' });
    h.webhookStatus.code = 200;
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: string }).error).toMatch(/answered HTTP 500/);
  });

  it('refuses malformed and cross-origin posts', async () => {
    expect((await postJson(`${h.url}/emulator/send`, { psid: 'abc', text: 'hi' })).status).toBe(400);
    expect((await postJson(`${h.url}/emulator/send`, { psid: PSID })).status).toBe(400);
    const cross = await postJson(
      `${h.url}/emulator/send`,
      { psid: PSID, text: 'hi' },
      { Origin: 'https://evil.test' },
    );
    expect(cross.status).toBe(403);
    const form = await fetch(`${h.url}/emulator/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `psid=${PSID}&text=hi`,
    });
    expect(form.status).toBe(415);
  });

  it("passes Meta's webhook verification handshake", async () => {
    await expect(h.emulator.verifyWebhook()).resolves.toBe(true);
  });
});

describe('the web page', () => {
  it('is served with a strict CSP and no inline script', async () => {
    const res = await fetch(`${h.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toContain('<script src="/emulator/app.js" defer></script>');
    expect(html).not.toMatch(/<script>|<style>| on[a-z]+="/);
    expect(html).toMatch(/<label for="text"[^>]*>Message<\/label>/);
    const js = await fetch(`${h.url}/emulator/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).not.toMatch(/\.innerHTML\s*=|insertAdjacentHTML|document\.write/);
  });
});

describe('mode and secrets', () => {
  it('runs the emulator only when no Messenger secret is set', () => {
    expect(messengerMode({})).toBe('emulator');
    const all = { MESSENGER_APP_SECRET: 'a', MESSENGER_VERIFY_TOKEN: 'b', MESSENGER_PAGE_ACCESS_TOKEN: 'c' };
    expect(messengerMode(all)).toBe('messenger');
    expect(messengerMode({ ...all, MESSENGER_ENABLED: 'false' })).toBe('off');
    expect(() => messengerMode({ MESSENGER_APP_SECRET: 'a' })).toThrow(/MESSENGER_VERIFY_TOKEN/);
  });

  it('generates different random secrets each time', () => {
    const a = generateLocalSecrets();
    const b = generateLocalSecrets();
    expect(a.appSecret).not.toBe(b.appSecret);
    expect(a.appSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(a.pageToken).toMatch(/^EAA/);
  });
});
