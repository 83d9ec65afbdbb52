import { z } from 'zod';
import type { Logger } from '../../logging/logger';
import { signatureSha1, signatureSha256 } from './meta';

/** What the web page posts to `/emulator/send`. */
export const sendSchema = z.union([
  z.object({ psid: z.string().regex(/^\d{5,32}$/), text: z.string().trim().min(1).max(2000) }).strict(),
  z
    .object({
      psid: z.string().regex(/^\d{5,32}$/),
      payload: z.string().min(1).max(1000),
      title: z.string().max(100),
      kind: z.enum(['quick_reply', 'postback']).default('postback'),
    })
    .strict(),
  z
    .object({
      psid: z.string().regex(/^\d{5,32}$/),
      location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict(),
    })
    .strict(),
]);
export type SendRequest = z.infer<typeof sendSchema>;

type Obj = Record<string, unknown>;

/**
 * The `messaging` item Meta delivers for what a user did: a text message, a quick-reply tap (a
 * message carrying `quick_reply.payload`), a button press (`postback`) or a shared location (a
 * message with a `location` attachment; Meta spells longitude `long`).
 */
export function messagingItem(pageId: string, req: SendRequest, mid: string, now: number): Obj {
  const base = { sender: { id: req.psid }, recipient: { id: pageId }, timestamp: now };
  if ('text' in req) return { ...base, message: { mid, text: req.text } };
  if ('payload' in req) {
    return req.kind === 'quick_reply'
      ? { ...base, message: { mid, text: req.title, quick_reply: { payload: req.payload } } }
      : { ...base, postback: { mid, title: req.title, payload: req.payload } };
  }
  const { lat, lon } = req.location;
  return {
    ...base,
    message: {
      mid,
      attachments: [
        {
          type: 'location',
          title: 'Pinned Location',
          url: `https://www.bing.com/maps/default.aspx?v=2&pc=FACEBOOK&mid=8100&where1=${lat}%2C+${lon}`,
          payload: { coordinates: { lat, long: lon } },
        },
      ],
    },
  };
}

/** Meta's `account_linking` event, sent when the bank redirects to Messenger's `redirect_uri`. */
export function accountLinkingItem(pageId: string, psid: string, code: string | undefined, now: number): Obj {
  return {
    sender: { id: psid },
    recipient: { id: pageId },
    timestamp: now,
    account_linking: code ? { status: 'linked', authorization_code: code } : { status: 'unlinked' },
  };
}

/** The webhook body: one page entry holding one messaging item. */
export function webhookBody(pageId: string, item: Obj, now: number): Obj {
  return { object: 'page', entry: [{ id: pageId, time: now, messaging: [item] }] };
}

export interface Delivery {
  status: number;
  ms: number;
}

/** Posts signed webhook bodies to the bot's own `/webhooks/messenger`, as Meta's servers do. */
export class WebhookSender {
  constructor(
    private readonly o: { url: () => string; appSecret: string; logger: Logger; timeoutMs?: number },
  ) {}

  async deliver(body: Obj): Promise<Delivery> {
    const raw = JSON.stringify(body);
    const started = Date.now();
    try {
      const res = await fetch(this.o.url(), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'facebookexternalua',
          'X-Hub-Signature': signatureSha1(this.o.appSecret, raw),
          'X-Hub-Signature-256': signatureSha256(this.o.appSecret, raw),
        },
        body: raw,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 20_000),
      });
      await res.arrayBuffer(); // drain, so the connection can be reused
      const ms = Date.now() - started;
      if (res.status !== 200)
        this.o.logger.warn({ status: res.status, ms }, 'emulator: webhook did not answer 200');
      return { status: res.status, ms };
    } catch (err) {
      this.o.logger.warn({ err }, 'emulator: webhook delivery failed');
      return { status: 0, ms: Date.now() - started };
    }
  }
}
