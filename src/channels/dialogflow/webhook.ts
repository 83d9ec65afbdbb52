import { z } from 'zod';
import type { Json, JsonObject } from '../../nlu/dialogflow/struct';
import type { Reply } from '../../engine/reply';
import type { MessengerMessage } from '../messenger/render';

/** The parts of a Dialogflow ES `WebhookRequest` Teller reads (JSON as Dialogflow posts it). */
export const webhookRequestSchema = z.object({
  responseId: z.string().min(1).max(200),
  session: z.string().min(1).max(500),
  queryResult: z.object({
    queryText: z.string().max(2000).default(''),
    parameters: z.record(z.unknown()).optional(),
    intent: z
      .object({ displayName: z.string().max(200).optional(), isFallback: z.boolean().optional() })
      .optional(),
    intentDetectionConfidence: z.number().optional(),
    languageCode: z.string().optional(),
    outputContexts: z
      .array(z.object({ name: z.string().optional(), parameters: z.record(z.unknown()).optional() }))
      .optional(),
  }),
  originalDetectIntentRequest: z
    .object({
      source: z.string().optional(),
      payload: z
        .object({
          data: z.object({ sender: z.object({ id: z.string().optional() }).optional() }).optional(),
        })
        .passthrough()
        .optional(),
    })
    .optional(),
});

export type WebhookRequest = z.infer<typeof webhookRequestSchema>;

/** One entry of `fulfillmentMessages`. */
export type FulfillmentMessage =
  { text: { text: string[] } } | { payload: { facebook: MessengerMessage }; platform: 'FACEBOOK' };

export interface WebhookResponse {
  fulfillmentText: string;
  fulfillmentMessages: FulfillmentMessage[];
  source: string;
}

/** The Messenger sender (PSID) when Dialogflow's Facebook integration sent it, else the session id. */
export function webhookUserId(req: WebhookRequest): string | undefined {
  const sender = req.originalDetectIntentRequest?.payload?.data?.sender?.id?.trim();
  if (sender) return sender.slice(0, 200);
  const last = req.session.split('/').pop()?.trim();
  return last ? last.slice(0, 200) : undefined;
}

/**
 * The intent's parameters plus the `<name>.original` words from output contexts (what the customer
 * typed for each parameter), as the entity mapper expects them.
 */
export function webhookParameters(req: WebhookRequest): JsonObject {
  const out: JsonObject = {};
  for (const ctx of req.queryResult.outputContexts ?? [])
    for (const [k, v] of Object.entries(ctx.parameters ?? {}))
      if (k.endsWith('.original') && typeof v === 'string' && !Object.hasOwn(out, k)) out[k] = v;
  for (const [k, v] of Object.entries(req.queryResult.parameters ?? {}))
    if (k !== '__proto__') out[k] = v as Json;
  return out;
}

/** The words of a reply without its controls: for `fulfillmentText` and text-only platforms. */
export function replyWords(reply: Reply): string {
  if (reply.type !== 'cards') return reply.text;
  return reply.cards.map((c) => (c.subtitle ? `${c.title}\n${c.subtitle}` : c.title)).join('\n\n');
}
