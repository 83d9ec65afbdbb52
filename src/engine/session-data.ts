import { userKey, type LinkUser } from '../linking/types';
import type { Entities } from '../nlu/types';
import { userTag } from '../redis/connect';
import type { EntityName, IntentParams } from './intent';

/**
 * What Teller keeps between turns. Deliberately small and free of bank data: never balances,
 * amounts from the bank, merchant lists or account numbers — only what the conversation needs.
 */
export interface PendingIntent {
  intent: string;
  entities: Entities;
  /** Why it waits: a missing slot, or the customer's opt-in at the bank. */
  waitingFor: { kind: 'slot'; entity: EntityName } | { kind: 'link'; connector: string } | { kind: 'choice' };
  params?: IntentParams;
  /** Entities the customer explicitly answered "any" to. */
  skipped?: EntityName[];
  /** Intents offered in a "Did you mean…?" question. */
  choices?: string[];
  since: number;
}

export interface SessionData {
  v: 1;
  pending?: PendingIntent;
  /** The last answered intent, for follow-ups like "and last week?". */
  last?: { intent: string; entities: Entities; params?: IntentParams; skipped?: EntityName[]; at: number };
  /** Consecutive fallbacks; two in a row offers a person. */
  fallbacks: number;
  /** Per-intent scratch space for multi-step flows. Keep it free of bank data. */
  data: Record<string, unknown>;
}

export function emptySession(): SessionData {
  return { v: 1, fallbacks: 0, data: {} };
}

type Stored = Omit<SessionData, 'fallbacks' | 'data'> & Partial<Pick<SessionData, 'fallbacks' | 'data'>>;

const isEmpty = (o: object | undefined) => o !== undefined && Object.keys(o).length === 0;

/** Drops `entities: {}` from a pending or last intent (restored by `withEntities`). */
function withoutEmptyEntities<I extends { entities: Entities }>(i: I): I | Omit<I, 'entities'> {
  if (!isEmpty(i.entities)) return i;
  const { entities: _, ...rest } = i;
  return rest;
}

function withEntities<I extends { entities?: Entities }>(i: I): I & { entities: Entities } {
  return { ...i, entities: i.entities ?? {} };
}

/**
 * The session as it is sealed and stored: without the fields that hold their defaults
 * (`fallbacks: 0`, `data: {}`, `entities: {}`), which `decode` puts back. About a quarter less
 * to store for a typical session; sessions stored in full still decode.
 */
export const sessionCodec = {
  encode(s: SessionData): unknown {
    const { fallbacks, data, pending, last, ...rest } = s;
    return {
      ...rest,
      ...(pending ? { pending: withoutEmptyEntities(pending) } : {}),
      ...(last ? { last: withoutEmptyEntities(last) } : {}),
      ...(fallbacks === 0 ? {} : { fallbacks }),
      ...(isEmpty(data) ? {} : { data }),
    };
  },
  decode(stored: unknown): SessionData {
    const s = stored as Stored & {
      pending?: Omit<PendingIntent, 'entities'> & { entities?: Entities };
      last?: Omit<NonNullable<SessionData['last']>, 'entities'> & { entities?: Entities };
    };
    const { pending, last, ...rest } = s;
    return {
      ...rest,
      ...(pending ? { pending: withEntities(pending) } : {}),
      ...(last ? { last: withEntities(last) } : {}),
      fallbacks: s.fallbacks ?? 0,
      data: s.data ?? {},
    };
  },
};

/**
 * Where a user's conversation state is stored. The `{…}` hash tag puts all of one user's keys
 * (session, lock, grants, consent) in one Redis Cluster slot.
 */
export function sessionKey(user: LinkUser): string {
  return `session:${userTag(userKey(user))}`;
}
