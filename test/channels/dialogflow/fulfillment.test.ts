import type { Server } from 'node:http';
import { dialogflowFulfillment, type WebhookResponse } from '../../../src/channels/dialogflow';
import { replyToPlainText, type Reply } from '../../../src/engine/reply';
import { createApp } from '../../../src/server/app';
import { closeServer, listen } from '../../../src/server/listen';
import { silentLogger } from '../../../src/logging/logger';
import { makeTestBot, type TestBot } from '../../support/bot';

const BASIC = { username: 'dialogflow', password: 'correct horse battery staple' };
const HEADER = { name: 'X-Teller-Secret', value: 's3cret-s3cret-s3cret' };
const basicAuth = (u: string, p: string) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');

interface Running {
  tb: TestBot;
  server: Server;
  url: string;
  /** A second router on the same engine, authenticated by a header secret. */
  headerUrl: string;
  /** Replies sent outside a webhook call (after linking), which a webhook cannot deliver. */
  undelivered: { userId: string; reply: Reply }[];
}

async function start(): Promise<Running> {
  const tb = await makeTestBot();
  const logger = silentLogger();
  const undelivered: Running['undelivered'] = [];
  const routers = [
    dialogflowFulfillment({
      engine: tb.bot.engine,
      auth: { basic: BASIC },
      logger,
      onUndelivered: (userId, reply) => undelivered.push({ userId, reply }),
    }),
    dialogflowFulfillment({
      engine: tb.bot.engine,
      auth: { header: HEADER },
      logger,
      path: '/webhooks/dialogflow-header',
      channel: 'dialogflow-header',
    }),
  ];
  const { server, port } = await listen(createApp(tb.bot, { routers }), 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}/webhooks`;
  return { tb, server, url: `${base}/dialogflow`, headerUrl: `${base}/dialogflow-header`, undelivered };
}

let seq = 0;
function request(
  displayName: string,
  queryText: string,
  o: { psid?: string; params?: Record<string, unknown>; fallback?: boolean; responseId?: string } = {},
) {
  return {
    responseId: o.responseId ?? `resp-${++seq}`,
    session: `projects/teller-test/agent/sessions/sess-${o.psid ?? 'anon'}`,
    queryResult: {
      queryText,
      parameters: o.params ?? {},
      allRequiredParamsPresent: true,
      intent: { name: 'projects/teller-test/agent/intents/1', displayName, isFallback: !!o.fallback },
      intentDetectionConfidence: 0.9,
      languageCode: 'en',
    },
    originalDetectIntentRequest: o.psid
      ? { source: 'facebook', payload: { data: { sender: { id: o.psid }, recipient: { id: 'page' } } } }
      : { payload: {} },
  };
}

async function post(r: Running, body: unknown, authorization = basicAuth(BASIC.username, BASIC.password)) {
  const res = await fetch(r.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as WebhookResponse };
}

/** The Facebook custom payloads, read loosely (the Messenger renderer owns their exact shape). */
interface Fb {
  text?: string;
  quick_replies?: { content_type: string; title: string; payload: string }[];
  attachment?: {
    type: string;
    payload: { template_type: string; buttons?: { type: string; title?: string; url?: string }[] };
  };
}
const facebook = (res: WebhookResponse): Fb[] =>
  res.fulfillmentMessages.flatMap((m) => ('payload' in m ? [m.payload.facebook as Fb] : []));

let app: Running;
beforeAll(async () => {
  app = await start();
});
afterAll(async () => {
  await closeServer(app.server);
  await app.tb.close();
});

describe('Dialogflow fulfillment webhook', () => {
  it('rejects missing or wrong Basic credentials with a challenge', async () => {
    for (const authorization of [
      '',
      basicAuth(BASIC.username, 'wrong'),
      basicAuth('other', BASIC.password),
      'Bearer x',
    ]) {
      const res = await post(app, request('greeting', 'hi', { psid: 'p0' }), authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    }
  });

  it('rejects a missing or wrong header secret, and accepts the right one', async () => {
    const send = (headers: Record<string, string>) =>
      fetch(app.headerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(request('greeting', 'hi', { psid: 'h1' })),
      });
    const none = await send({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBeNull();
    expect((await send({ [HEADER.name]: HEADER.value + 'x' })).status).toBe(401);
    expect((await send({ [HEADER.name]: '' })).status).toBe(401);
    expect((await send({ authorization: basicAuth(BASIC.username, BASIC.password) })).status).toBe(401);
    const ok = await send({ [HEADER.name.toLowerCase()]: HEADER.value });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as WebhookResponse).fulfillmentText).toMatch(/^Hi! I'm Teller/);
  });

  it('answers a greeting with Teller’s handler and Messenger quick replies', async () => {
    const { status, json } = await post(app, request('greeting', 'hello', { psid: 'psid-greet' }));
    expect(status).toBe(200);
    expect(json.fulfillmentText).toMatch(/^Hi! I'm Teller, your .+ assistant/);
    expect(json.fulfillmentMessages[0]).toEqual({ text: { text: [json.fulfillmentText] } });
    const [fb] = facebook(json);
    expect(fb?.text).toBe(json.fulfillmentText);
    const qr = fb?.quick_replies ?? [];
    expect(qr.map((q) => q.title)).toEqual(expect.arrayContaining(['Balance']));
    expect(qr.length).toBeGreaterThan(0);
    expect(qr.length).toBeLessThanOrEqual(13);
    for (const q of qr) {
      expect(q.content_type).toBe('text');
      expect(Array.from(q.title).length).toBeLessThanOrEqual(20);
      expect(q.payload).toMatch(/^intent:/);
    }
    expect(json.fulfillmentMessages.find((m) => 'payload' in m)).toMatchObject({ platform: 'FACEBOOK' });
  });

  it('gates balance behind linking, then answers with real balances once linked', async () => {
    const psid = 'psid-balance';
    const gated = (await post(app, request('balance', "what's my balance", { psid }))).json;
    expect(gated.fulfillmentText).toMatch(/permission to read your accounts/);
    const attachment = facebook(gated)[0]?.attachment;
    expect(attachment?.payload).toMatchObject({ template_type: 'button' });
    const buttons = attachment?.payload.buttons ?? [];
    // http public URL: a web_url button (the Messenger renderer uses account_link for https).
    expect(buttons[0]).toMatchObject({ type: 'web_url', title: 'Link account' });
    const url = buttons[0]?.url ?? '';
    expect(url).toMatch(/^http:\/\/teller\.test\/link\/start\?t=/);

    const token = new URL(url).searchParams.get('t')!;
    await app.tb.bot.linking.approve(token, 'cust_amelia');
    // Linking resumes the question outside any webhook call: handed to onUndelivered, not lost silently.
    const late = app.undelivered.filter((u) => u.userId === psid).map((u) => replyToPlainText(u.reply));
    expect(late[0]).toMatch(/^You're linked to/);
    expect(late[1]).toMatch(/^Your balances:/);

    const answered = (await post(app, request('balance', "what's my balance", { psid }))).json;
    expect(answered.fulfillmentText).toMatch(/^Your balances:\n/);
    expect(answered.fulfillmentText).toMatch(/£[\d,]+\.\d{2}/);
    expect(answered.fulfillmentText).toMatch(/Total:/);
  });

  it('narrows the answer with Dialogflow parameters', async () => {
    const psid = 'psid-savings';
    const url = await app.tb.bot.linking.startUrl({ channel: 'dialogflow', userId: psid }, app.tb.bank.id);
    await app.tb.bot.linking.approve(new URL(url).searchParams.get('t')!, 'cust_amelia');
    const all = (await post(app, request('balance', 'balance', { psid }))).json.fulfillmentText;
    const savings = (
      await post(app, request('balance', 'savings balance', { psid, params: { 'account-type': 'savings' } }))
    ).json.fulfillmentText;
    expect(savings).toMatch(/^Your balance:\n/);
    expect(savings.split('\n')).toHaveLength(2);
    expect(all.split('\n').length).toBeGreaterThan(2);
    expect(all).toContain(savings.split('\n')[1]!);
  });

  it('hands fallback and unknown intents to Teller as text', async () => {
    const fb = (
      await post(app, request('Default Fallback Intent', 'tell me a joke', { psid: 'p-fb', fallback: true }))
    ).json;
    expect(fb.fulfillmentText).toMatch(/^Sorry, I didn't get that/);
    const unknown = (await post(app, request('Default Welcome Intent', 'hello there', { psid: 'p-unknown' })))
      .json;
    expect(unknown.fulfillmentText).toMatch(/^Hi! I'm Teller/);
  });

  it('uses the session id when there is no Messenger sender', async () => {
    const res = await post(app, request('greeting', 'hi'));
    expect(res.status).toBe(200);
    expect(res.json.fulfillmentText).toMatch(/^Hi! I'm Teller/);
  });

  it('answers a redelivered responseId with nothing, and rejects malformed requests', async () => {
    const body = request('greeting', 'hi', { psid: 'p-dup' });
    expect((await post(app, body)).json.fulfillmentMessages.length).toBeGreaterThan(0);
    expect((await post(app, body)).json).toEqual({
      fulfillmentText: '',
      fulfillmentMessages: [],
      source: 'teller',
    });
    expect((await post(app, { hello: 'world' })).status).toBe(400);
  });

  it('keeps concurrent requests for one user apart', async () => {
    const psid = 'p-concurrent';
    const [a, b] = await Promise.all([
      post(app, request('greeting', 'hi', { psid })),
      post(app, request('fallback', 'tell me a joke', { psid, fallback: true })),
    ]);
    expect(a.json.fulfillmentText).toMatch(/^Hi! I'm Teller/);
    expect(a.json.fulfillmentText).not.toMatch(/didn't get that/);
    expect(b.json.fulfillmentText).toMatch(/^Sorry, I didn't get that/);
  });
});
