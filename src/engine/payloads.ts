import { CATEGORIES, type Category } from '../connectors/types';
import type { Entities } from '../nlu/types';
import type { EntityName } from './intent';

/**
 * Postback payloads Teller understands. They are plain strings so every channel can carry them:
 * - `intent:<name>` or `intent:<name>?category=dining&accountType=savings`
 * - `slot:<entity>=<value>`: the answer to a question the bot asked
 * - `teller:linked:<connector>`: the customer finished opting in at the bank
 * - `teller:get_started`: Messenger's Get Started button
 */
export type Payload =
  | { kind: 'intent'; intent: string; entities: Entities }
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

export function intentPayload(
  intent: string,
  entities: Partial<Record<'accountType' | 'category' | 'merchant', string>> = {},
): string {
  const qs = new URLSearchParams(
    Object.entries(entities).filter(([, v]) => v !== undefined) as [string, string][],
  ).toString();
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
    const [name = '', query = ''] = payload.slice(7).split('?', 2);
    if (!/^[a-z][a-z0-9_.]*$/.test(name)) return { kind: 'unknown' };
    const entities: Entities = {};
    const params = new URLSearchParams(query);
    const accountType = params.get('accountType');
    if (accountType === 'checking' || accountType === 'savings' || accountType === 'credit_card')
      entities.accountType = accountType;
    const category = params.get('category');
    if (category && (CATEGORIES as readonly string[]).includes(category))
      entities.category = category as Category;
    const merchant = params.get('merchant');
    if (merchant) entities.merchant = merchant;
    return { kind: 'intent', intent: name, entities };
  }
  return { kind: 'unknown' };
}
