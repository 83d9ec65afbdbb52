import { createHash } from 'node:crypto';
import type { AccountLinkingEvent, InboundEvent, StandbyEvent } from './events';
import { parseHandover } from './handover';

/** The channel name Messenger turns carry (and the Outbound registered with the engine). */
export const CHANNEL = 'messenger';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function idOf(v: unknown): string | undefined {
  const id = obj(v)?.id;
  return typeof id === 'number' ? String(id) : str(id);
}

export class WebhookPayloadError extends Error {}

/**
 * Turns a parsed webhook body into inbox events. Throws WebhookPayloadError when the body is not
 * a Messenger batch at all; skips individual items it can't use (echoes, deliveries, reads,
 * reactions, malformed items). Bodies for other products (`object` other than `page`) give [].
 */
export function parseWebhook(body: unknown): InboundEvent[] {
  const root = obj(body);
  if (!root || !Array.isArray(root.entry)) throw new WebhookPayloadError('expected {object, entry: []}');
  if (root.object !== 'page') return [];
  const out: InboundEvent[] = [];
  for (const rawEntry of root.entry) {
    const entry = obj(rawEntry);
    if (!entry) continue;
    const pageId = typeof entry.id === 'number' ? String(entry.id) : (str(entry.id) ?? '');
    for (const item of Array.isArray(entry.messaging) ? entry.messaging : []) {
      const ev = messagingEvent(pageId, obj(item));
      if (ev) out.push(ev);
    }
    for (const item of Array.isArray(entry.standby) ? entry.standby : []) {
      const ev = standbyEvent(pageId, obj(item));
      if (ev) out.push(ev);
    }
  }
  return out;
}

/** A stable id for a postback without `mid` (older webhook versions): same event → same id. */
export function postbackId(userId: string, timestamp: number, payload: string): string {
  return (
    'pb:' + createHash('sha256').update(`${userId}\n${timestamp}\n${payload}`).digest('hex').slice(0, 32)
  );
}

function messagingEvent(pageId: string, item: Obj | undefined): InboundEvent | undefined {
  if (!item) return undefined;
  const userId = idOf(item.sender);
  if (!userId) return undefined;
  const timestamp = typeof item.timestamp === 'number' ? item.timestamp : 0;
  const base = { channel: CHANNEL, userId, timestamp };
  const handover = parseHandover(pageId, userId, timestamp, item);
  if (handover) return handover;

  const postback = obj(item.postback);
  if (postback) {
    const payload = str(postback.payload);
    if (!payload) return undefined;
    const messageId = str(postback.mid) ?? postbackId(userId, timestamp, payload);
    const title = str(postback.title);
    return {
      kind: 'turn',
      pageId,
      turn: { ...base, messageId, postback: title ? { payload, title } : { payload } },
    };
  }

  const linking = obj(item.account_linking);
  if (linking) {
    const status = linking.status;
    if (status !== 'linked' && status !== 'unlinked') return undefined;
    const event: AccountLinkingEvent = { status, timestamp };
    const code = str(linking.authorization_code);
    if (code) event.authorizationCode = code;
    return { kind: 'account_linking', pageId, userId, linking: event };
  }

  const message = obj(item.message);
  if (!message || message.is_echo === true) return undefined; // deliveries, reads, reactions, echoes…
  const messageId = str(message.mid);
  if (!messageId) return undefined;
  const text = typeof message.text === 'string' ? message.text : '';
  const quickPayload = str(obj(message.quick_reply)?.payload);
  if (quickPayload) {
    const postbackTurn = text ? { payload: quickPayload, title: text } : { payload: quickPayload };
    return { kind: 'turn', pageId, turn: { ...base, messageId, postback: postbackTurn } };
  }
  const attachments = (Array.isArray(message.attachments) ? message.attachments : [])
    .map(obj)
    .filter((a): a is Obj => a !== undefined);
  for (const a of attachments) {
    if (a.type !== 'location') continue;
    const coords = obj(obj(a.payload)?.coordinates);
    const lat = coords?.lat;
    const lon = coords?.long;
    if (typeof lat !== 'number' || typeof lon !== 'number') continue;
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) continue;
    const title = str(a.title);
    return {
      kind: 'turn',
      pageId,
      turn: { ...base, messageId, location: title ? { lat, lon, title } : { lat, lon } },
    };
  }
  if (text.trim()) return { kind: 'turn', pageId, turn: { ...base, messageId, text } };
  if (attachments.length > 0 || message.sticker_id !== undefined)
    return {
      kind: 'unsupported',
      pageId,
      userId,
      messageId,
      timestamp,
      attachmentTypes: attachments.map((a) => (typeof a.type === 'string' ? a.type : 'unknown')),
    };
  return undefined;
}

function standbyEvent(pageId: string, item: Obj | undefined): InboundEvent | undefined {
  if (!item) return undefined;
  const message = obj(item.message);
  const postback = obj(item.postback);
  if (!message && !postback) return undefined; // standby deliveries and reads carry nothing useful
  const isEcho = message?.is_echo === true;
  const userId = idOf(isEcho ? item.recipient : item.sender);
  if (!userId) return undefined;
  const standby: StandbyEvent = {
    pageId,
    userId,
    timestamp: typeof item.timestamp === 'number' ? item.timestamp : 0,
    isEcho,
  };
  const mid = str(message?.mid) ?? str(postback?.mid);
  if (mid) standby.messageId = mid;
  const text = str(message?.text);
  if (text) standby.text = text;
  const payload = str(postback?.payload) ?? str(obj(message?.quick_reply)?.payload);
  if (payload) standby.payload = payload;
  return { kind: 'standby', pageId, userId, standby };
}
