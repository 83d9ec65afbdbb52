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

/**
 * Where a user's conversation state is stored. The `{…}` hash tag puts all of one user's keys
 * (session, lock, grants, consent) in one Redis Cluster slot.
 */
export function sessionKey(user: LinkUser): string {
  return `session:${userTag(userKey(user))}`;
}
