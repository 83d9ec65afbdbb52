import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { Logger } from '../../logging/logger';
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
  const read = rawBody(o.config.webhookMaxBytes);
  const handle = eventHandler(o);
  const onError = errorHandler(o.logger);
  // Every message comes through here: POSTs skip the route machinery (same handlers, same
  // order, same error handling). The routes below still serve everything else (GET, HEAD,
  // OPTIONS) and make the path's methods known to the router.
  const wanted = routePath(path);
  router.use((req, res, next) => {
    if (req.method !== 'POST' || routePath(req.url) !== wanted) return next();
    const fail = (err: unknown) => onError(err, req, res, next);
    read(req, res, (err?: unknown) => {
      if (err) return fail(err);
      Promise.resolve(handle(req, res, fail)).catch(fail);
    });
  });
  router.get(path, verifyHandler(o));
  router.post(path, read, handle, onError);
  return router;
}

/** A path as the router compares it: no query, case-insensitive, one trailing slash optional. */
function routePath(url: string): string {
  const q = url.indexOf('?');
  let p = q < 0 ? url : url.slice(0, q);
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p.toLowerCase();
}

/** An error shaped like body-parser's (`status`, `type`), for errorHandler. */
function bodyError(status: number, type: string, message: string): Error & { status: number; type: string } {
  return Object.assign(new Error(message), { status, type });
}

/**
 * Reads the raw body into `req.body` (a Buffer), as `express.raw({ inflate: false })` would but
 * with less machinery on the hot path: no body → `req.body` stays unset; a compressed body → 415
 * (the signature must cover exactly the bytes we parse); over `limit` bytes → 413, by
 * Content-Length before reading or while reading. The rest of a refused body is read off first.
 */
function rawBody(limit: number): RequestHandler {
  return (req, _res, next) => {
    const h = req.headers;
    const declared = h['content-length'];
    if (h['transfer-encoding'] === undefined && (declared === undefined || Number.isNaN(Number(declared)))) {
      next();
      return;
    }
    const refuse = (err: Error) => {
      let passed = false;
      const pass = () => {
        if (passed) return;
        passed = true;
        next(err);
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
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('aborted', onAborted);
      req.removeListener('error', finish);
      if (err) {
        refuse(err);
        return;
      }
      req.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
      next();
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
  };
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

function eventHandler(o: WebhookOptions): RequestHandler {
  return async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifySignature(raw, req.headers['x-hub-signature-256'], o.config.appSecret);
    if (check !== 'ok') {
      o.logger.warn(
        { channel: 'messenger', code: 'TELLER_ERR_MESSENGER_SIGNATURE', reason: check, bytes: raw.length },
        'webhook request refused',
      );
      res
        .status(check === 'missing' ? 401 : 403)
        .type('text/plain')
        .send(check === 'missing' ? 'Missing signature' : 'Invalid signature');
      return;
    }
    let events;
    try {
      events = parseWebhook(JSON.parse(raw.toString('utf8')));
    } catch (err) {
      if (!(err instanceof SyntaxError || err instanceof WebhookPayloadError)) throw err;
      o.logger.warn({ channel: 'messenger', code: 'TELLER_ERR_MESSENGER_PAYLOAD' }, 'webhook body refused');
      res.status(400).type('text/plain').send('Malformed body');
      return;
    }
    try {
      await o.inbox.enqueue(events);
    } catch (err) {
      o.logger.error(
        { channel: 'messenger', code: 'TELLER_ERR_MESSENGER_INBOX', err, events: events.length },
        'webhook batch not stored; answering 503 so Meta redelivers',
      );
      res.status(503).set('retry-after', '5').type('text/plain').send('Try again later');
      return;
    }
    // Written directly: this answer is on every message's path (express's send adds an ETag).
    res.writeHead(200, ACK_HEADERS).end('EVENT_RECEIVED');
  };
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
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
    res
      .status(tooLarge ? 413 : status)
      .type('text/plain')
      .send(tooLarge ? 'Payload too large' : status === 500 ? 'Internal error' : 'Bad request');
  };
}
