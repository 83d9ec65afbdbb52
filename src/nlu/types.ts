import type { AccountType, Category } from '../connectors/types';
import type { Money } from '../money';

export interface TrainingExample {
  text: string;
  intent: string;
}

/**
 * Training examples labelled with this intent (or `oos`) are out-of-scope examples: NLUs that
 * support it learn them as "none of the above" and never return the label as an intent.
 */
export const OUT_OF_SCOPE_INTENT = 'out_of_scope';
const OUT_OF_SCOPE_LABELS: ReadonlySet<string> = new Set(['oos', OUT_OF_SCOPE_INTENT]);

/** Whether an intent label marks out-of-scope examples (`oos`, `out_of_scope`, any case). */
export function isOutOfScopeLabel(label: string): boolean {
  return OUT_OF_SCOPE_LABELS.has(label.toLowerCase());
}

/** A local calendar range in the user's timezone, both ends inclusive. */
export interface DateRange {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
  /** The words that produced it ("last month"), for echoing back to the user. */
  text: string;
}

export interface Entities {
  dateRange?: DateRange;
  amount?: Money;
  accountType?: AccountType;
  category?: Category;
  merchant?: string;
  /** "last 5 transactions" → 5 */
  count?: number;
  /** A place, postcode or address named for an ATM search. */
  place?: string;
}

export interface ParseContext {
  /** IANA timezone of the user; defaults to UTC. */
  timezone?: string;
  /** Reference time for relative dates; defaults to now. */
  now?: Date;
  /** Default currency for bare amounts. */
  currency?: string;
}

export interface RankedIntent {
  intent: string;
  confidence: number;
}

export interface NluResult {
  /** The best intent, or null when the message is out of scope. */
  intent: string | null;
  confidence: number;
  /** Top 5, best first. */
  ranking: RankedIntent[];
  entities: Entities;
  outOfScope: boolean;
}

/** The engine depends on this interface only. */
export interface Nlu {
  train(examples: TrainingExample[]): Promise<void>;
  parse(text: string, context?: ParseContext): Promise<NluResult>;
}
