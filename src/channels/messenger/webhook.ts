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
  router.get(path, verifyHandler(o));
  router.post(
    path,
    // inflate: false — the signature must cover exactly the bytes we parse.
    express.raw({ type: () => true, limit: o.config.webhookMaxBytes, inflate: false }),
    eventHandler(o),
    errorHandler(o.logger),
  );
  return router;
}

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
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
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
