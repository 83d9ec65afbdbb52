import { DateTime, Info } from 'luxon';
import type { Transaction, TransactionQuery } from '../types';
import { addDays, isIsoDate, localDate } from './calendar';
import { queryError } from './errors';

/** A query's inclusive local dates turned into a half-open range of instants. */
export interface InstantRange {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
}

export function resolveZone(zone: string | undefined, fallback: string): string {
  const tz = zone ?? fallback;
  if (!Info.isValidIANAZone(tz)) throw queryError(`Unknown timezone: ${tz}`);
  return tz;
}

/** Start of local midnight on `from` up to (not including) local midnight after `to`, in `zone`. */
export function instantRange(from: string, to: string, zone: string): InstantRange {
  for (const d of [from, to])
    if (!isIsoDate(d)) throw queryError(`Not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  const midnight = (date: string) => DateTime.fromISO(date, { zone }).startOf('day').toMillis();
  return { start: midnight(from), end: midnight(addDays(to, 1)) };
}

/** The customer-local dates an instant range touches. */
export function localDatesOf(range: InstantRange, zone: string): { from: string; to: string } {
  return { from: localDate(range.start, zone), to: localDate(Math.max(range.start, range.end - 1), zone) };
}

const PUNCTUATION = /[^\p{L}\p{N}]+/gu;

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Case-insensitive substring match on the merchant's name. Punctuation is ignored too
 * ("sainsburys" finds "Sainsbury's"), once the query has at least 3 letters or digits.
 */
export function merchantMatches(merchant: string | undefined, query: string): boolean {
  if (merchant === undefined) return false;
  const name = fold(merchant);
  const q = fold(query.trim());
  if (name.includes(q)) return true;
  const bareQuery = q.replace(PUNCTUATION, '');
  return bareQuery.length >= 3 && name.replace(PUNCTUATION, '').includes(bareQuery);
}

/** Applies every filter of a TransactionQuery except the date range. */
export function matchesQuery(tx: Transaction, query: TransactionQuery): boolean {
  if (query.accountIds && !query.accountIds.includes(tx.accountId)) return false;
  if (query.category !== undefined && tx.category !== query.category) return false;
  if (query.direction !== undefined && tx.direction !== query.direction) return false;
  if (query.includePending === false && tx.status === 'pending') return false;
  if (
    query.merchant !== undefined &&
    query.merchant.trim() !== '' &&
    !merchantMatches(tx.merchant, query.merchant)
  ) {
    return false;
  }
  return true;
}

/** Newest first; ties broken by id so the order is total and stable. */
export function newestFirst(a: Transaction, b: Transaction): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
