import type { Entities } from '../nlu/types';
import { TellerError } from './errors';
import type { IntentContext } from './context';

export type EntityName = keyof Entities;

/** Scopes an intent needs from the bank; any scope forces opt-in linking first. */
export type Scope = 'accounts:read' | 'balances:read' | 'transactions:read';

export interface SlotOption {
  title: string;
  /** The value as the user would type it ("savings", "all"); parsed like typed text. */
  value: string;
}

export interface EntitySpec {
  /** When missing, the bot asks `ask` and resumes this intent with the answer. */
  required?: boolean;
  ask?: string;
  /** Offered as quick replies when asking. A value of `*` means "any / all" and fills nothing. */
  options?: SlotOption[];
  /** Accept a shared location as the answer (ATM search). */
  acceptLocation?: boolean;
}

/**
 * Intent-specific settings read from the message or carried by a button (`fee-free`, `by=category`).
 * Plain strings so they survive storage; kept with a waiting question and for follow-ups.
 */
export type IntentParams = Record<string, string>;

/**
 * Where an answer with bank figures is shown: `inline` in the chat, or `secure-view` on a
 * short-lived, single-use page Teller serves, so the chat platform never sees the figures.
 */
export type PrivacyMode = 'inline' | 'secure-view';

export interface IntentDefinition {
  /** Dotted, lower-case: `balance`, `spending`, `atm.nearest`. */
  name: string;
  /** One line shown in help and suggestions. */
  description?: string;
  /** Training phrases: at least a handful, varied as customers write. */
  examples: string[];
  /** Entities this intent reads, and which it must ask for. */
  entities?: Partial<Record<EntityName, EntitySpec>>;
  requires?: Scope[];
  /** "and last week?" right after this intent re-runs it with the new entities (default true when entities are declared). */
  followUps?: boolean;
  /** Reads intent-specific settings from the customer's words; merged with any a button carried. */
  params?(text: string): IntentParams;
  /** Label for suggestion quick replies, e.g. "Balance". */
  suggestion?: string;
  /** Overrides the bot's privacy mode (`createBot({ privacyMode })`) for this intent. */
  privacy?: PrivacyMode;
  handle(ctx: IntentContext): Promise<void> | void;
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Declares an intent. Validates eagerly so a typo fails at start-up, not in a customer's chat. */
export function defineIntent(def: IntentDefinition): IntentDefinition {
  if (!NAME.test(def.name))
    throw new TellerError('TELLER_ERR_INTENT_INVALID', `Intent name "${def.name}" must be dotted lower-case`);
  if (!Array.isArray(def.examples) || def.examples.some((e) => typeof e !== 'string' || !e.trim()))
    throw new TellerError(
      'TELLER_ERR_INTENT_INVALID',
      `Intent "${def.name}" has an empty or invalid example`,
    );
  if (typeof def.handle !== 'function')
    throw new TellerError('TELLER_ERR_INTENT_INVALID', `Intent "${def.name}" has no handle()`);
  if (def.privacy !== undefined && def.privacy !== 'inline' && def.privacy !== 'secure-view')
    throw new TellerError(
      'TELLER_ERR_INTENT_INVALID',
      `Intent "${def.name}": privacy must be "inline" or "secure-view"`,
    );
  for (const [name, spec] of Object.entries(def.entities ?? {})) {
    if (spec?.required && !spec.ask && !spec.acceptLocation)
      throw new TellerError(
        'TELLER_ERR_INTENT_INVALID',
        `Intent "${def.name}": required entity "${name}" needs ask`,
      );
  }
  return Object.freeze({ ...def, examples: [...def.examples] });
}

export function isIntentDefinition(value: unknown): value is IntentDefinition {
  const v = value as Partial<IntentDefinition> | null;
  return !!v && typeof v.name === 'string' && Array.isArray(v.examples) && typeof v.handle === 'function';
}
