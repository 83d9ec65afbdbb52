import { CATEGORIES, type Category } from '../connectors/types';
import type { Entities } from '../nlu/types';
import type { EntityName, IntentParams } from './intent';

/**
 * Postback payloads Teller understands. They are plain strings so every channel can carry them:
 * - `intent:<name>` or `intent:<name>?category=dining&from=2026-03-01&to=2026-03-31&label=March&by=category`
 *   (entity keys become entities; any other key becomes an intent param)
 * - `slot:<entity>=<value>`: the answer to a question the bot asked
 * - `teller:linked:<connector>`: the customer finished opting in at the bank
 * - `teller:get_started`: Messenger's Get Started button
 */
export type Payload =
  | { kind: 'intent'; intent: string; entities: Entities; params: IntentParams }
  | { kind: 'slot'; entity: EntityName; value: string }
  | { kind: 'linked'; connector: string }
  | { kind: 'get_started' }
  | { kind: 'unknown' };

const ENTITY_NAMES: ReadonlySet<string> = new Set<EntityName>([
  'dateRange',
  'amount',
  'accountType',
  'category',
  'merchant',
  'count',
  'place',
]);
/** Payload keys that describe entities rather than params. */
const ENTITY_KEYS = new Set(['accountType', 'category', 'merchant', 'count', 'place', 'from', 'to', 'label']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface PayloadEntities {
  accountType?: string;
  category?: string;
  merchant?: string;
  count?: number;
  place?: string;
  dateRange?: { from: string; to: string; text: string };
}

/** Builds an `intent:` payload that starts `intent` with these entities and params. */
export function intentPayload(
  intent: string,
  entities: PayloadEntities = {},
  params: IntentParams = {},
): string {
  const q = new URLSearchParams();
  const { dateRange, ...rest } = entities;
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) q.set(k, String(v));
  if (dateRange) {
    q.set('from', dateRange.from);
    q.set('to', dateRange.to);
    q.set('label', dateRange.text);
  }
  for (const [k, v] of Object.entries(params)) if (!ENTITY_KEYS.has(k)) q.set(k, v);
  const qs = q.toString();
  return qs ? `intent:${intent}?${qs}` : `intent:${intent}`;
}

export function slotPayload(entity: EntityName, value: string): string {
  return `slot:${entity}=${encodeURIComponent(value)}`;
}

export function linkedPayload(connector: string): string {
  return `teller:linked:${connector}`;
}

export const GET_STARTED = 'teller:get_started';

export function parsePayload(payload: string): Payload {
  if (payload === GET_STARTED) return { kind: 'get_started' };
  if (payload.startsWith('teller:linked:'))
    return { kind: 'linked', connector: payload.slice('teller:linked:'.length) };
  if (payload.startsWith('slot:')) {
    const body = payload.slice(5);
    const eq = body.indexOf('=');
    const entity = eq > 0 ? body.slice(0, eq) : '';
    if (!ENTITY_NAMES.has(entity)) return { kind: 'unknown' };
    let value: string;
    try {
      value = decodeURIComponent(body.slice(eq + 1));
    } catch {
      return { kind: 'unknown' };
    }
    return { kind: 'slot', entity: entity as EntityName, value };
  }
  if (payload.startsWith('intent:')) {
    const q = payload.indexOf('?');
    const name = payload.slice(7, q < 0 ? undefined : q);
    if (!/^[a-z][a-z0-9_.]*$/.test(name)) return { kind: 'unknown' };
    const query = new URLSearchParams(q < 0 ? '' : payload.slice(q + 1));
    const entities: Entities = {};
    const accountType = query.get('accountType');
    if (accountType === 'checking' || accountType === 'savings' || accountType === 'credit_card')
      entities.accountType = accountType;
    const category = query.get('category');
    if (category && (CATEGORIES as readonly string[]).includes(category))
      entities.category = category as Category;
    const merchant = query.get('merchant');
    if (merchant) entities.merchant = merchant.slice(0, 100);
    const place = query.get('place');
    if (place) entities.place = place.slice(0, 100);
    const count = Number.parseInt(query.get('count') ?? '', 10);
    if (Number.isSafeInteger(count) && count > 0) entities.count = count;
    const from = query.get('from');
    const to = query.get('to');
    if (from && to && DATE.test(from) && DATE.test(to) && from <= to)
      entities.dateRange = { from, to, text: (query.get('label') ?? '').slice(0, 60) };
    const params: IntentParams = {};
    for (const [k, v] of query) if (!ENTITY_KEYS.has(k)) params[k] = v.slice(0, 200);
    return { kind: 'intent', intent: name, entities, params };
  }
  return { kind: 'unknown' };
}
