import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { InboundEvent } from '../../../src/channels/messenger/events';
import type { Inbox } from '../../../src/channels/messenger/inbox';
import { messengerWebhook, messengerWebhookHandler } from '../../../src/channels/messenger/webhook';
import { silentLogger } from '../../../src/logging/logger';
import { closeServer, listen } from '../../../src/server/listen';
import { batch, captureLogger, postWebhook, testConfig, textMsg, VERIFY_TOKEN } from './helpers';

/** An inbox that only records what the webhook stored. */
const stored: InboundEvent[][] = [];
const inbox: Inbox = {
  enqueue: async (events) => void stored.push(events),
  start: async () => undefined,
  close: async () => undefined,
};
const logs = captureLogger();
let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(messengerWebhook({ config: testConfig('http://127.0.0.1:9/v23.0'), inbox, logger: logs.logger }));
  const r = await listen(app, 0, '127.0.0.1');
  server = r.server;
  base = `http://127.0.0.1:${r.port}`;
});
afterAll(() => closeServer(server));
beforeEach(() => void (stored.length = 0));

describe('GET /webhooks/messenger (subscription check)', () => {
  const verify = (q: Record<string, string>) =>
    fetch(`${base}/webhooks/messenger?${new URLSearchParams(q).toString()}`);

  it('answers the challenge as plain text when the verify token matches', async () => {
    const res = await verify({
      'hub.mode': 'subscribe',
      'hub.verify_token': VERIFY_TOKEN,
      'hub.challenge': '1158201444',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it.each([
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1158201444' }],
    [
      {
        'hub.mode': 'subscribe',
        'hub.verify_token': VERIFY_TOKEN.slice(0, -1),
        'hub.challenge': '1158201444',
      },
    ],
    [{ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' }],
    [{ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444' }],
    [{}],
  ])('answers 403 otherwise (%j)', async (q) => {
    const res = await verify(q);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('1158201444');
  });

  it('never logs the verify token', () => {
    expect(logs.raw()).not.toContain(VERIFY_TOKEN);
  });
});

describe('POST /webhooks/messenger: what reaches the inbox', () => {
  const body = batch({ messaging: [textMsg('u1', 'hi')] });

  it('stores a signed batch, then answers 200 EVENT_RECEIVED', async () => {
    const res = await postWebhook(base, body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('EVENT_RECEIVED');
    expect(stored).toHaveLength(1);
  });

  it('stores nothing for a refused request', async () => {
    expect((await postWebhook(base, body, { signature: null })).status).toBe(401);
    expect((await postWebhook(base, body, { signature: 'sha256=' + 'a'.repeat(64) })).status).toBe(403);
    expect((await postWebhook(base, null, { raw: 'not json' })).status).toBe(400);
    expect(stored).toEqual([]);
  });

  it('refuses a gzip-encoded body rather than verifying a signature over other bytes', async () => {
    const res = await fetch(`${base}/webhooks/messenger`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip', 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) },
      body: 'xx',
    });
    expect(res.status).toBe(415);
    expect(stored).toEqual([]);
  });

  it('answers 503 when the inbox cannot store the batch', async () => {
    const failing = express();
    failing.use(
      messengerWebhook({
        config: testConfig('http://127.0.0.1:9/v23.0'),
        inbox: { ...inbox, enqueue: () => Promise.reject(new Error('down')) },
        logger: silentLogger(),
      }),
    );
    const r = await listen(failing, 0, '127.0.0.1');
    try {
      expect((await postWebhook(`http://127.0.0.1:${r.port}`, body)).status).toBe(503);
    } finally {
      await closeServer(r.server);
    }
  });
});

describe('the POST handler ahead of express (plain node:http)', () => {
  it('answers webhook POSTs itself and hands every other request to express', async () => {
    const options = { config: testConfig('http://127.0.0.1:9/v23.0'), inbox, logger: silentLogger() };
    const handler = messengerWebhookHandler(options);
    const app = express();
    app.use(messengerWebhook(options));
    let expressSaw = 0;
    app.use((_req, res) => {
      expressSaw++;
      res.status(404).send('nothing here');
    });
    const raw = createServer((req, res) => handler(req, res, () => app(req, res)));
    const port = await new Promise<number>((resolve) =>
      raw.listen(0, '127.0.0.1', () => resolve((raw.address() as AddressInfo).port)),
    );
    const url = `http://127.0.0.1:${port}`;
    try {
      const body = batch({ messaging: [textMsg('raw-user', 'hi')] });
      const ok = await postWebhook(url, body);
      expect([ok.status, await ok.text()]).toEqual([200, 'EVENT_RECEIVED']);
      expect(stored).toHaveLength(1);
      const refused = await postWebhook(url, body, { signature: 'sha256=' + 'b'.repeat(64) });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(stored).toHaveLength(1);
      // The subscription check and any other path are express's.
      const verified = await fetch(
        `${url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`,
      );
      expect(await verified.text()).toBe('42');
      expect((await fetch(`${url}/elsewhere`, { method: 'POST' })).status).toBe(404);
      expect(expressSaw).toBe(1);
    } finally {
      await closeServer(raw);
    }
  });
});
