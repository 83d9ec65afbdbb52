import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from '../../logging/logger';
import { redactInboundCardNumbers } from '../../privacy/card-numbers';
import type { MessengerConfig } from './config';
import type { Inbox } from './inbox';
import { parseWebhook, WebhookPayloadError } from './parse';
import { safeEqual, verifySignature } from './signature';

export const WEBHOOK_PATH = '/webhooks/messenger';

export interface WebhookOptions {
  config: Pick<MessengerConfig, 'appSecret' | 'verifyToken' | 'webhookMaxBytes'>;
  inbox: Inbox;
  logger: Logger;
  path?: string;
}

/**
 * The Messenger webhook:
 * - GET: subscription check (`hub.mode=subscribe`, verify token compared in constant time) → the
 *   challenge as text/plain, else 403.
 * - POST: raw body ≤ webhookMaxBytes (else 413) → signature check (missing 401, wrong 403) → JSON
 *   (else 400) → inbox.enqueue (failure 503, so Meta redelivers) → 200 `EVENT_RECEIVED`. The bot
 *   runs after the answer, never before it.
 */
export function messengerWebhook(o: WebhookOptions): Router {
  const path = o.path ?? WEBHOOK_PATH;
  const router = express.Router();
  // Every message comes through here: POSTs skip the route machinery. The routes below still
  // serve everything else (GET, HEAD, OPTIONS) and make the path's methods known to the router.
  const post = messengerWebhookHandler(o);
  router.use(post);
  router.get(path, verifyHandler(o));
  router.post(path, post);
  return router;
}

/** A plain node:http handler, connect style: `next()` hands the request on (e.g. to express). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * `POST /webhooks/messenger` as a plain node:http handler (the same one the router uses), so a
 * server can answer Meta ahead of express: every message comes through here.
 *
 *     createServer((req, res) => channel.handler(req, res, () => app(req, res)))
 *
 * Anything else (other paths, GET verification) goes to `next()`.
 */
export function messengerWebhookHandler(o: WebhookOptions): NodeHandler {
  const wanted = routePath(o.path ?? WEBHOOK_PATH);
  const limit = o.config.webhookMaxBytes;
  const handle = eventHandler(o);
  return (req, res, next) => {
    if (req.method !== 'POST' || routePath(req.url ?? '/') !== wanted) return next();
    readRawBody(req, limit, (err, raw) => {
      if (err) return refused(o.logger, res, err);
      handle(req, raw, res).catch((e: unknown) => refused(o.logger, res, e));
    });
  };
}

/** A path as the router compares it: no query, case-insensitive, one trailing slash optional. */
function routePath(url: string): string {
  const q = url.indexOf('?');
  let p = q < 0 ? url : url.slice(0, q);
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p.toLowerCase();
}

/** An error shaped like body-parser's (`status`, `type`). */
function bodyError(status: number, type: string, message: string): Error & { status: number; type: string } {
  return Object.assign(new Error(message), { status, type });
}

/**
 * Reads the raw body, as `express.raw({ inflate: false })` would but with less machinery on the
 * hot path: no body → an empty buffer; a compressed body → 415 (the signature must cover exactly
 * the bytes we parse); over `limit` bytes → 413, by Content-Length before reading or while
 * reading. The rest of a refused body is read off first.
 */
function readRawBody(
  req: IncomingMessage,
  limit: number,
  done: (err: Error | undefined, raw: Buffer) => void,
): void {
  const h = req.headers;
  const declared = h['content-length'];
  if (h['transfer-encoding'] === undefined && (declared === undefined || Number.isNaN(Number(declared)))) {
    done(undefined, EMPTY);
    return;
  }
  const refuse = (err: Error) => {
    let passed = false;
    const pass = () => {
      if (passed) return;
      passed = true;
      done(err, EMPTY);
    };
    req.resume();
    if (req.readableEnded) pass();
    else req.once('end', pass).once('error', pass).once('close', pass);
  };
  const encoding = (h['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    refuse(bodyError(415, 'encoding.unsupported', `unsupported content encoding "${encoding}"`));
    return;
  }
  const length = declared === undefined ? null : parseInt(declared, 10);
  if (length !== null && length > limit) {
    refuse(bodyError(413, 'entity.too.large', 'request entity too large'));
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (err?: Error) => {
    if (finished) return;
    finished = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('aborted', onAborted);
    req.removeListener('error', finish);
    if (err) {
      refuse(err);
      return;
    }
    done(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) finish(bodyError(413, 'entity.too.large', 'request entity too large'));
    else chunks.push(chunk);
  };
  const onEnd = () =>
    finish(
      length !== null && received !== length
        ? bodyError(400, 'request.size.invalid', 'request size did not match content length')
        : undefined,
    );
  const onAborted = () => finish(bodyError(400, 'request.aborted', 'request aborted'));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('aborted', onAborted);
  req.on('error', finish);
}

const EMPTY = Buffer.alloc(0);

/** A short text/plain answer, written directly (no express on this path). */
function answer(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    })
    .end(body);
}

const ACK_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'content-length': '14' };

function verifyHandler(o: WebhookOptions): RequestHandler {
  return (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    res.set('cache-control', 'no-store').set('x-content-type-options', 'nosniff');
    if (
      mode === 'subscribe' &&
      typeof token === 'string' &&
      typeof challenge === 'string' &&
      safeEqual(token, o.config.verifyToken)
    ) {
      o.logger.info({ channel: 'messenger' }, 'webhook subscription verified');
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    o.logger.warn(
      { channel: 'messenger', code: 'TELLER_ERR_MESSENGER_SIGNATURE' },
      'webhook verification refused',
    );
    res.status(403).type('text/plain').send('Forbidden');
  };
}

function eventHandler(
  o: WebhookOptions,
): (req: IncomingMessage, raw: Buffer, res: ServerResponse) => Promise<void> {
  return async (req, raw, res) => {
    const check = verifySignature(raw, req.headers['x-hub-signature-256'], o.config.appSecret);
    if (check !== 'ok') {
      o.logger.warn(
        { channel: 'messenger', code: 'TELLER_ERR_MESSENGER_SIGNATURE', reason: check, bytes: raw.length },
        'webhook request refused',
      );
      if (check === 'missing') answer(res, 401, 'Missing signature');
      else answer(res, 403, 'Invalid signature');
      return;
    }
    let events;
    try {
      // Card numbers are cut out here, before the inbox stores anything (src/privacy/card-numbers.ts).
      events = redactInboundCardNumbers(parseWebhook(JSON.parse(raw.toString('utf8'))));
    } catch (err) {
      if (!(err instanceof SyntaxError || err instanceof WebhookPayloadError)) throw err;
      o.logger.warn({ channel: 'messenger', code: 'TELLER_ERR_MESSENGER_PAYLOAD' }, 'webhook body refused');
      answer(res, 400, 'Malformed body');
      return;
    }
    try {
      await o.inbox.enqueue(events);
    } catch (err) {
      o.logger.error(
        { channel: 'messenger', code: 'TELLER_ERR_MESSENGER_INBOX', err, events: events.length },
        'webhook batch not stored; answering 503 so Meta redelivers',
      );
      answer(res, 503, 'Try again later', { 'retry-after': '5' });
      return;
    }
    res.writeHead(200, ACK_HEADERS).end('EVENT_RECEIVED');
  };
}

/** A body that could not be read (too large, aborted…) or an unexpected failure. */
function refused(logger: Logger, res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const e = err as { type?: unknown; status?: unknown };
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
  const tooLarge = e.type === 'entity.too.large' || status === 413;
  logger.warn(
    {
      channel: 'messenger',
      code: status === 500 ? 'TELLER_ERR_INTERNAL' : 'TELLER_ERR_MESSENGER_PAYLOAD',
      status,
    },
    tooLarge ? 'webhook body too large' : 'webhook request failed',
  );
  if (tooLarge) answer(res, 413, 'Payload too large');
  else answer(res, status, status === 500 ? 'Internal error' : 'Bad request');
}
