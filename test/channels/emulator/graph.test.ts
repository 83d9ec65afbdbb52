import { appSecretProof } from '../../../src/channels/emulator';
import { openEvents, postJson, startHarness, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const PSID = '9876543210987654';
const graph = (
  path: string,
  token = h.secrets.pageToken,
  proof = appSecretProof(h.secrets.appSecret, token),
) =>
  `${h.emulator.config.MESSENGER_GRAPH_URL}${path}?access_token=${encodeURIComponent(token)}&appsecret_proof=${proof}`;

interface GraphErrorBody {
  error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string };
}

beforeAll(async () => {
  // Meta only delivers to people who have messaged the page.
  await postJson(`${h.url}/emulator/send`, { psid: PSID, text: 'hi' });
});

describe('fake Graph API: authentication', () => {
  it('points the Messenger channel at itself', () => {
    expect(h.emulator.config).toEqual({
      MESSENGER_APP_SECRET: h.secrets.appSecret,
      MESSENGER_VERIFY_TOKEN: h.secrets.verifyToken,
      MESSENGER_PAGE_ACCESS_TOKEN: h.secrets.pageToken,
      MESSENGER_GRAPH_URL: `${h.url}/emulator/graph`,
    });
  });

  it("refuses a wrong token, a missing or wrong appsecret_proof, in Meta's error shape", async () => {
    const body = { recipient: { id: PSID }, message: { text: 'x' } };
    const bad = await postJson(graph('/me/messages', 'EAAwrong'), body);
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as GraphErrorBody;
    expect(err.error).toMatchObject({ type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) });
    const noProof = `${h.emulator.config.MESSENGER_GRAPH_URL}/me/messages?access_token=${h.secrets.pageToken}`;
    expect(((await (await postJson(noProof, body)).json()) as GraphErrorBody).error.code).toBe(100);
    const wrongProof = await postJson(graph('/me/messages', h.secrets.pageToken, 'f'.repeat(64)), body);
    expect(((await wrongProof.json()) as GraphErrorBody).error.message).toMatch(/appsecret_proof/);
  });
});

describe('fake Graph API: Send API', () => {
  it('answers like Meta and pushes the message, then typing, to the tab', async () => {
    const events = openEvents(`${h.url}/emulator/events?psid=${PSID}`);
    await events.next('ready');
    const message = {
      text: 'Hi!\nHow can I help?',
      quick_replies: [{ content_type: 'text', title: 'Balance', payload: 'intent:balance' }],
    };
    const res = await postJson(graph('/me/messages'), {
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message,
    });
    expect(res.status).toBe(200);
    const sent = (await res.json()) as { recipient_id: string; message_id: string };
    expect(sent).toEqual({ recipient_id: PSID, message_id: expect.stringMatching(/^m_/) });
    expect((await events.next('message')).data).toMatchObject({ mid: sent.message_id, message });

    const typing = await postJson(graph('/v23.0/me/messages'), {
      recipient: { id: PSID },
      sender_action: 'typing_on',
    });
    expect(await typing.json()).toEqual({ recipient_id: PSID });
    expect((await events.next('typing')).data).toEqual({ type: 'typing', on: true });
    events.close();
  });

  it('rejects what Meta rejects: unknown users, too many buttons, over-long text', async () => {
    const unknown = await postJson(graph('/me/messages'), {
      recipient: { id: '1111111111' },
      message: { text: 'x' },
    });
    expect(((await unknown.json()) as GraphErrorBody).error).toMatchObject({
      code: 100,
      error_subcode: 2018001,
    });
    const button = (i: number) => ({ type: 'postback', title: `B${i}`, payload: `p${i}` });
    const four = await postJson(graph('/me/messages'), {
      recipient: { id: PSID },
      message: {
        attachment: {
          type: 'template',
          payload: { template_type: 'button', text: 'Pick', buttons: [1, 2, 3, 4].map(button) },
        },
      },
    });
    expect(four.status).toBe(400);
    expect(((await four.json()) as GraphErrorBody).error.message).toMatch(/at most 3/);
    const long = await postJson(graph('/me/messages'), {
      recipient: { id: PSID },
      message: { text: 'x'.repeat(2001) },
    });
    expect(((await long.json()) as GraphErrorBody).error.message).toMatch(/2000/);
  });

  it("adds Messenger's account-linking parameters and turns the bank's redirect into an account_linking event", async () => {
    const events = openEvents(`${h.url}/emulator/events?psid=${PSID}`);
    await events.next('ready');
    await postJson(graph('/me/messages'), {
      recipient: { id: PSID },
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Link your bank',
            buttons: [{ type: 'account_link', url: 'https://bank.example/login?x=1' }],
          },
        },
      },
    });
    let got = await events.next('message');
    while ((got.data.message as { text?: string }).text) got = await events.next('message');
    const url = new URL(
      (got.data.message as { attachment: { payload: { buttons: { url: string }[] } } }).attachment.payload
        .buttons[0]!.url,
    );
    expect(url.searchParams.get('x')).toBe('1');
    const redirect = new URL(url.searchParams.get('redirect_uri')!);
    expect(redirect.searchParams.get('account_linking_token')).toBe(
      url.searchParams.get('account_linking_token'),
    );
    redirect.searchParams.set('authorization_code', 'code-123');
    expect((await fetch(redirect)).status).toBe(200);
    const body = h.webhooks[h.webhooks.length - 1] as { entry: { messaging: Record<string, unknown>[] }[] };
    expect(body.entry[0]!.messaging[0]).toMatchObject({
      sender: { id: PSID },
      account_linking: { status: 'linked', authorization_code: 'code-123' },
    });
    expect((await fetch(redirect)).status).toBe(400); // tokens work once
    events.close();
  });
});

describe('fake Graph API: messenger_profile', () => {
  it('stores and returns profile fields, which the page reads', async () => {
    const set = await postJson(graph('/me/messenger_profile'), {
      get_started: { payload: 'teller:get_started' },
      greeting: [{ locale: 'default', text: 'Hello {{user_first_name}}' }],
    });
    expect(await set.json()).toEqual({ result: 'success' });
    const got = await fetch(graph('/me/messenger_profile') + '&fields=get_started,greeting');
    expect(await got.json()).toEqual({
      data: [
        {
          get_started: { payload: 'teller:get_started' },
          greeting: [{ locale: 'default', text: 'Hello {{user_first_name}}' }],
        },
      ],
    });
    const page = (await (await fetch(`${h.url}/emulator/profile`)).json()) as Record<string, unknown>;
    expect(page.get_started).toEqual({ payload: 'teller:get_started' });
    const bad = await postJson(graph('/me/messenger_profile'), { nonsense: true });
    expect(((await bad.json()) as GraphErrorBody).error.code).toBe(100);
  });
});
