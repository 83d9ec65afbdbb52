import { request, type Server } from 'node:http';
import { createMessengerChannel, type MessengerChannel } from '../../../src/channels/messenger';
import type { AccountLinkingEvent, StandbyEvent } from '../../../src/channels/messenger/events';
import { UNSUPPORTED_TEXT } from '../../../src/channels/messenger/dispatcher';
import { signBody } from '../../../src/channels/messenger/signature';
import { GET_STARTED, intentPayload } from '../../../src/engine/payloads';
import { createApp } from '../../../src/server/app';
import { closeServer, listen } from '../../../src/server/listen';
import { makeTestBot, type TestBot } from '../../support/bot';
import { FakeGraph } from './fake-graph';
import {
  APP_SECRET,
  batch,
  captureLogger,
  item,
  nextMid,
  PAGE_ID,
  PAGE_TOKEN,
  postWebhook,
  sleep,
  testConfig,
  textMsg,
  waitFor,
} from './helpers';

let tb: TestBot;
let fg: FakeGraph;
let channel: MessengerChannel;
let server: Server;
let base: string;
const linking: [string, AccountLinkingEvent][] = [];
const standby: StandbyEvent[] = [];
const logs = captureLogger();

beforeAll(async () => {
  tb = await makeTestBot();
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
  channel = createMessengerChannel({
    engine: tb.bot.engine,
    config: testConfig(fg.url, { webhookMaxBytes: 64 * 1024 }),
    logger: logs.logger,
    send: { retry: { baseDelayMs: 5 } },
    onAccountLinking: (userId, event) => void linking.push([userId, event]),
    onStandby: (event) => void standby.push(event),
  });
  await channel.start();
  const r = await listen(createApp(tb.bot, { routers: [channel.router] }), 0, '127.0.0.1');
  server = r.server;
  base = `http://127.0.0.1:${r.port}`;
});
afterAll(async () => {
  await channel.close();
  await closeServer(server);
  await fg.close();
  await tb.close();
});

const textOf = (m: Record<string, unknown> | undefined) => (m?.text as string | undefined) ?? '';

describe('POST /webhooks/messenger: refusals', () => {
  const body = batch({ messaging: [textMsg('sig-user', 'hi')] });

  it('401 without a signature, 403 with a wrong one or one for another body; nothing is sent', async () => {
    const raw = JSON.stringify(body);
    expect((await postWebhook(base, body, { signature: null })).status).toBe(401);
    expect((await postWebhook(base, body, { signature: 'sha256=' + '0'.repeat(64) })).status).toBe(403);
    expect((await postWebhook(base, body, { signature: 'garbage' })).status).toBe(403);
    const other = JSON.stringify(batch({ messaging: [textMsg('sig-user', 'other')] }));
    expect((await postWebhook(base, body, { raw, signature: signBody(other, APP_SECRET) })).status).toBe(403);
    expect((await postWebhook(base, body, { raw, signature: signBody(raw, 'not-the-secret') })).status).toBe(
      403,
    );
    await sleep(300);
    expect(fg.sends('sig-user')).toEqual([]);
  });

  it('413 for a body over the limit, signed or not, and processes nothing', async () => {
    const big = batch({ messaging: [textMsg('big-user', 'x'.repeat(70 * 1024))] });
    expect((await postWebhook(base, big)).status).toBe(413);
    expect((await postWebhook(base, big, { signature: null })).status).toBe(413);
    await sleep(200);
    expect(fg.sends('big-user')).toEqual([]);
  });

  it('413 for a chunked body (no Content-Length) that grows over the limit while it is read', async () => {
    const raw = JSON.stringify(batch({ messaging: [textMsg('chunked-user', 'y'.repeat(70 * 1024))] }));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/webhooks/messenger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, APP_SECRET) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < raw.length; i += 8 * 1024) req.write(raw.slice(i, i + 8 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    await sleep(200);
    expect(fg.sends('chunked-user')).toEqual([]);
  });

  it('400 for malformed JSON or a non-batch body with a valid signature', async () => {
    expect((await postWebhook(base, null, { raw: '{"object":"page","entry":[' })).status).toBe(400);
    expect((await postWebhook(base, null, { raw: '[]' })).status).toBe(400);
    expect((await postWebhook(base, null, { raw: '' })).status).toBe(400);
  });
});

describe('POST /webhooks/messenger: events', () => {
  it('acknowledges with 200 EVENT_RECEIVED before the bot has replied', async () => {
    const release = fg.hold();
    try {
      const res = await postWebhook(base, batch({ messaging: [textMsg('ack-user', 'hi')] }));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('EVENT_RECEIVED');
      await waitFor(() => fg.held > 0); // the reply is at the Send API, which is still holding it
      expect(fg.messages('ack-user')).toHaveLength(1);
    } finally {
      release();
    }
    await sleep(50);
    expect(textOf(fg.messages('ack-user')[0])).toMatch(/^Hi! I'm Teller/);
  });

  it('answers text through the real bot', async () => {
    await postWebhook(base, batch({ messaging: [textMsg('text-user', 'hello')] }));
    const [m] = await fg.waitForMessages('text-user', 1);
    expect(textOf(m)).toMatch(/^Hi! I'm Teller/);
    expect((m!.quick_replies as unknown[]).length).toBeGreaterThan(0);
  });

  it('processes batches of several entries and items, ignoring echoes, deliveries, reads and reactions', async () => {
    const res = await postWebhook(
      base,
      batch(
        {
          messaging: [
            textMsg('batch-1', 'hi'),
            item('batch-echo', { message: { mid: nextMid(), is_echo: true, text: 'echo' } }),
            textMsg('batch-2', 'hello'),
          ],
        },
        {
          messaging: [
            item('batch-echo', { delivery: { mids: ['x'], watermark: 1 } }),
            item('batch-echo', { read: { watermark: 1 } }),
            item('batch-echo', { reaction: { mid: 'x', action: 'react', emoji: '❤' } }),
            textMsg('batch-3', 'hey'),
            textMsg('batch-4', 'hiya'),
          ],
        },
      ),
    );
    expect(res.status).toBe(200);
    for (const u of ['batch-1', 'batch-2', 'batch-3', 'batch-4']) await fg.waitForMessages(u, 1);
    await sleep(100);
    expect(fg.sends('batch-echo')).toEqual([]);
    expect(fg.calls.some((c) => JSON.stringify(c.body ?? {}).includes(PAGE_ID))).toBe(false);
  });

  it('replies once to the same mid delivered twice', async () => {
    const msg = textMsg('dup-user', 'hi');
    await Promise.all([
      postWebhook(base, batch({ messaging: [msg] })),
      postWebhook(base, batch({ messaging: [msg] })),
    ]);
    await fg.waitForMessages('dup-user', 1);
    await postWebhook(base, batch({ messaging: [msg] }));
    await sleep(300);
    expect(fg.messages('dup-user')).toHaveLength(1);
  });

  it('routes Get Started to the greeting and a quick reply to its intent', async () => {
    await postWebhook(
      base,
      batch({
        messaging: [
          item('gs-user', { postback: { mid: nextMid(), title: 'Get Started', payload: GET_STARTED } }),
        ],
      }),
    );
    expect(textOf((await fg.waitForMessages('gs-user', 1))[0])).toMatch(/^Hi! I'm Teller/);

    await postWebhook(
      base,
      batch({
        messaging: [
          item('gs-user', {
            message: {
              mid: nextMid(),
              text: 'Find an ATM',
              quick_reply: { payload: intentPayload('atm.nearest') },
            },
          }),
        ],
      }),
    );
    expect(textOf((await fg.waitForMessages('gs-user', 2))[1])).toMatch(/^Where are you\?/);
  });

  it('answers a postback without mid once, even when redelivered', async () => {
    const pb = item('pb-user', { postback: { title: 'Help', payload: intentPayload('help') } });
    await postWebhook(base, batch({ messaging: [pb] }));
    await fg.waitForMessages('pb-user', 1);
    await postWebhook(base, batch({ messaging: [pb] }));
    await sleep(300);
    expect(fg.messages('pb-user')).toHaveLength(1);
  });

  it('answers a shared location with ATMs as a generic template of at most 10 cards', async () => {
    await postWebhook(
      base,
      batch({
        messaging: [
          item('loc-user', {
            message: {
              mid: nextMid(),
              attachments: [{ type: 'location', payload: { coordinates: { lat: 51.5308, long: -0.1238 } } }],
            },
          }),
        ],
      }),
    );
    await waitFor(() => fg.messages('loc-user').some((m) => m.attachment));
    const generic = fg
      .messages('loc-user')
      .map(
        (m) =>
          (m.attachment as { payload?: { template_type: string; elements: { title: string }[] } })?.payload,
      )
      .find((p) => p?.template_type === 'generic');
    expect(generic!.elements.length).toBeGreaterThan(0);
    expect(generic!.elements.length).toBeLessThanOrEqual(10);
    for (const el of generic!.elements) expect(el.title.length).toBeLessThanOrEqual(80);
  });

  it('answers an image politely without running the NLU, once per mid', async () => {
    const image = item('img-user', {
      message: {
        mid: nextMid(),
        attachments: [{ type: 'image', payload: { url: 'https://cdn.example/x.jpg' } }],
      },
    });
    const handle = jest.spyOn(tb.bot.engine, 'handle');
    await postWebhook(base, batch({ messaging: [image] }));
    expect(textOf((await fg.waitForMessages('img-user', 1))[0])).toBe(UNSUPPORTED_TEXT);
    expect(handle.mock.calls.filter(([turn]) => turn.userId === 'img-user')).toEqual([]);
    handle.mockRestore();
    expect(UNSUPPORTED_TEXT).toContain('I can only read text for now');
    await postWebhook(base, batch({ messaging: [image] }));
    await sleep(300);
    expect(fg.messages('img-user')).toHaveLength(1);
  });

  it('passes account linking events to the hook', async () => {
    await postWebhook(
      base,
      batch({
        messaging: [item('al-user', { account_linking: { status: 'linked', authorization_code: 'abc' } })],
      }),
    );
    await waitFor(() => linking.length > 0);
    expect(linking[0]).toEqual([
      'al-user',
      expect.objectContaining({ status: 'linked', authorizationCode: 'abc' }),
    ]);
    expect(fg.sends('al-user')).toEqual([]);
  });

  it('records standby events through the hook and never answers them', async () => {
    await postWebhook(base, batch({ standby: [textMsg('sb-user', 'talking to a human')] }));
    await waitFor(() => standby.length > 0);
    expect(standby[0]).toMatchObject({
      userId: 'sb-user',
      pageId: PAGE_ID,
      text: 'talking to a human',
      isEcho: false,
    });
    await sleep(200);
    expect(fg.sends('sb-user')).toEqual([]);
  });

  it('never logs message text, tokens or secrets', () => {
    const raw = logs.raw();
    for (const secret of [PAGE_TOKEN, APP_SECRET, 'talking to a human', 'Find an ATM'])
      expect(raw).not.toContain(secret);
  });
});
