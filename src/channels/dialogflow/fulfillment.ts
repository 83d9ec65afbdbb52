import express, { type Router } from 'express';
import type { Outbound } from '../../engine/context';
import type { Engine } from '../../engine/engine';
import { errorCode } from '../../engine/errors';
import { intentPayload, type PayloadEntities } from '../../engine/payloads';
import type { Reply } from '../../engine/reply';
import type { Turn } from '../../engine/turn';
import type { Logger } from '../../logging/logger';
import { dialogflowEntities } from '../../nlu/dialogflow/entities';
import type { Entities } from '../../nlu/types';
import { webhookAuth, type WebhookAuth } from './auth';
import { renderReply } from '../messenger/render';
import {
  replyWords,
  webhookParameters,
  webhookRequestSchema,
  webhookUserId,
  type FulfillmentMessage,
  type WebhookResponse,
} from './webhook';

export const DIALOGFLOW_CHANNEL = 'dialogflow';

export interface DialogflowFulfillmentOptions {
  engine: Engine;
  auth: WebhookAuth;
  logger: Logger;
  /** Default `/webhooks/dialogflow`. */
  path?: string;
  /** The engine channel name (default `dialogflow`); one fulfillment router per channel name. */
  channel?: string;
  /** Dialogflow display names → Teller intent names, for agents built before Teller. */
  intentMap?: Record<string, string>;
  /** Currency for a bare `amount` parameter. */
  currency?: string;
  /**
   * Teller's own entity extractor (e.g. `(t) => extractEntities(t, { timezone })`), run on the query
   * text to fill what the agent's parameters left out; Dialogflow's parameters win where both exist.
   */
  entityExtractor?: (text: string) => Entities;
  /** Replies sent outside a webhook call (e.g. after linking); a webhook can only answer its own request. */
  onUndelivered?: (userId: string, reply: Reply) => void;
  now?: () => number;
}

/** Entities the `intent:` payload can carry (amounts cannot; no built-in intent reads one from a button). */
function payloadEntities(e: Entities): PayloadEntities {
  const { amount: _amount, ...rest } = e;
  return rest;
}

/**
 * Dialogflow ES fulfillment: Dialogflow matches the intent, Teller answers it. Each webhook call
 * becomes a turn on the `dialogflow` channel — a postback running the Teller intent named like the
 * Dialogflow one (so the link gate, slot questions and connectors all apply), or, for a fallback
 * or unknown intent, the query text for Teller's own NLU. The replies for that turn come back as
 * `fulfillmentText` plus `fulfillmentMessages` (plain text, and a Facebook custom payload with
 * quick replies and templates for Dialogflow's Messenger integration).
 */
export function dialogflowFulfillment(o: DialogflowFulfillmentOptions): Router {
  const channel = o.channel ?? DIALOGFLOW_CHANNEL;
  const collecting = new Map<string, Reply[]>();
  /** One webhook call per user at a time in this process, so a user's replies never mix. */
  const queues = new Map<string, Promise<unknown>>();
  const outbound: Outbound = {
    async send(userId, reply) {
      const list = collecting.get(userId);
      if (list) list.push(reply);
      else {
        o.logger.debug({ channel }, 'reply outside a webhook call not delivered');
        o.onUndelivered?.(userId, reply);
      }
    },
  };
  o.engine.registerChannel(channel, outbound);
  const now = o.now ?? Date.now;

  const serialised = <T>(userId: string, run: () => Promise<T>): Promise<T> => {
    const before = queues.get(userId) ?? Promise.resolve();
    const mine = before.then(run, run);
    const tail = mine.catch(() => undefined);
    queues.set(userId, tail);
    void tail.then(() => {
      if (queues.get(userId) === tail) queues.delete(userId);
    });
    return mine;
  };

  const router = express.Router();
  router.post(
    o.path ?? '/webhooks/dialogflow',
    webhookAuth(o.auth),
    express.json({ limit: '256kb' }),
    async (req, res) => {
      const parsed = webhookRequestSchema.safeParse(req.body);
      const userId = parsed.success ? webhookUserId(parsed.data) : undefined;
      if (!parsed.success || !userId) {
        res.status(400).json({ error: 'not a Dialogflow ES WebhookRequest' });
        return;
      }
      const body = parsed.data;
      const q = body.queryResult;
      const shown = q.intent?.displayName ?? '';
      const name = o.intentMap?.[shown] ?? shown;
      const known = !!name && !q.intent?.isFallback && o.engine.intents.has(name);
      const base = { channel, userId, messageId: body.responseId, timestamp: now() };
      const turn: Turn = known
        ? {
            ...base,
            postback: {
              payload: intentPayload(
                name,
                payloadEntities({
                  ...o.entityExtractor?.(q.queryText),
                  ...dialogflowEntities(webhookParameters(body), { currency: o.currency }),
                }),
                {},
              ),
              title: q.queryText,
            },
          }
        : { ...base, text: q.queryText };
      try {
        const replies = await serialised(userId, async () => {
          const list: Reply[] = [];
          collecting.set(userId, list);
          try {
            await o.engine.handle(turn);
          } finally {
            collecting.delete(userId);
          }
          return list;
        });
        res.json(toWebhookResponse(replies));
      } catch (err) {
        o.logger.error({ code: errorCode(err), err, channel }, 'webhook failed');
        res.status(500).json({ error: 'internal' });
      }
    },
  );
  return router;
}

/**
 * Teller replies as a WebhookResponse: per reply a default-platform text message and, for
 * Dialogflow's Messenger integration, the Messenger channel's own rendering of it (quick replies,
 * button and generic templates) as Facebook custom payloads.
 */
export function toWebhookResponse(replies: Reply[]): WebhookResponse {
  const messages: FulfillmentMessage[] = [];
  for (const r of replies) {
    messages.push({ text: { text: [replyWords(r)] } });
    for (const facebook of renderReply(r)) messages.push({ payload: { facebook }, platform: 'FACEBOOK' });
  }
  return {
    fulfillmentText: replies.map(replyWords).join('\n\n'),
    fulfillmentMessages: messages,
    source: 'teller',
  };
}
