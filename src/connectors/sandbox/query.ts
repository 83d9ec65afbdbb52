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

/** Zones already checked: validating one builds an Intl.DateTimeFormat, which is slow. */
const validZones = new Set<string>();

export function resolveZone(zone: string | undefined, fallback: string): string {
  const tz = zone ?? fallback;
  if (validZones.has(tz)) return tz;
  if (!Info.isValidIANAZone(tz)) throw queryError(`Unknown timezone: ${tz}`);
  if (validZones.size < 1024) validZones.add(tz);
  return tz;
}

/** Local midnights by zone and date (a bounded memo: queries ask about the same days again and again). */
const midnights = new Map<string, number>();
const MAX_MIDNIGHTS = 4096;

function midnight(date: string, zone: string): number {
  const key = `${zone} ${date}`;
  let ms = midnights.get(key);
  if (ms === undefined) {
    ms = DateTime.fromISO(date, { zone }).startOf('day').toMillis();
    if (midnights.size >= MAX_MIDNIGHTS) midnights.clear();
    midnights.set(key, ms);
  }
  return ms;
}

/** Start of local midnight on `from` up to (not including) local midnight after `to`, in `zone`. */
export function instantRange(from: string, to: string, zone: string): InstantRange {
  for (const d of [from, to])
    if (!isIsoDate(d)) throw queryError(`Not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  return { start: midnight(from, zone), end: midnight(addDays(to, 1), zone) };
}

/** The customer-local dates an instant range touches. */
export function localDatesOf(range: InstantRange, zone: string): { from: string; to: string } {
  return { from: localDate(range.start, zone), to: localDate(Math.max(range.start, range.end - 1), zone) };
}

const PUNCTUATION = /[^\p{L}\p{N}]+/gu;

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Merchant names folded, and folded without punctuation (the sandbox has a few hundred merchants). */
const foldedNames = new Map<string, { name: string; bare: string }>();

function foldedName(merchant: string): { name: string; bare: string } {
  let f = foldedNames.get(merchant);
  if (!f) {
    const name = fold(merchant);
    f = { name, bare: name.replace(PUNCTUATION, '') };
    if (foldedNames.size >= 4096) foldedNames.clear();
    foldedNames.set(merchant, f);
  }
  return f;
}

/**
 * Case-insensitive substring match on the merchant's name. Punctuation is ignored too
 * ("sainsburys" finds "Sainsbury's"), once the query has at least 3 letters or digits.
 */
export function merchantMatches(merchant: string | undefined, query: string): boolean {
  return merchantMatcher(query)(merchant);
}

/** {@link merchantMatches} for one query, folded once, to test many merchants. */
export function merchantMatcher(query: string): (merchant: string | undefined) => boolean {
  const q = fold(query.trim());
  const bareQuery = q.replace(PUNCTUATION, '');
  return (merchant) => {
    if (merchant === undefined) return false;
    const { name, bare } = foldedName(merchant);
    return name.includes(q) || (bareQuery.length >= 3 && bare.includes(bareQuery));
  };
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
