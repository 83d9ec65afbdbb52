import { DateTime } from 'luxon';
import { CATEGORIES, type Category } from '../../connectors/types';
import { extractAccountType } from '../entities/account-type';
import { extractCategory } from '../entities/category';
import type { DateRange, Entities } from '../types';
import { toMoney } from './decimal';
import type { Json, JsonObject } from './struct';

/**
 * Dialogflow parameter names → Teller entities. Names are compared without case, `-` or `_`, so
 * `account-type`, `account_type` and `accountType` are one name. The first name that yields a
 * usable value wins.
 */
const NAMES = {
  accountType: ['accounttype', 'account'],
  category: ['category', 'spendingcategory'],
  merchant: ['merchant', 'payee', 'shop'],
  dateRange: ['dateperiod', 'date', 'datetime', 'period'],
  count: ['count', 'number', 'numberinteger'],
  amount: ['unitcurrency', 'amount', 'money'],
  place: ['place', 'geocity', 'address', 'location', 'zipcode', 'streetaddress', 'geocountry'],
} as const;

/** Parts of a `sys.location` struct, most specific first. */
const LOCATION_PARTS = [
  'business-name',
  'street-address',
  'zip-code',
  'city',
  'subadmin-area',
  'admin-area',
  'island',
  'country',
];

export interface EntityOptions {
  /** Currency for a bare number under an amount name (`unit-currency` carries its own). */
  currency?: string;
}

const norm = (name: string) => name.toLowerCase().replace(/[-_\s]/g, '');

/** A list parameter counts as its first non-empty element; "" means "not given". */
function first(v: Json | undefined): Json | undefined {
  if (Array.isArray(v)) return v.map(first).find((x) => x !== undefined);
  if (v === null || v === '' || v === undefined) return undefined;
  if (typeof v === 'object' && Object.keys(v).length === 0) return undefined;
  return v;
}

function str(v: Json | undefined): string | undefined {
  const x = first(v);
  if (typeof x === 'string') return x.trim() || undefined;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  return undefined;
}

/**
 * The calendar date as Dialogflow wrote it. Dialogflow resolves "last month" in the time zone of
 * the request (`queryParams.timeZone`, which DialogflowNlu sets to the user's) and writes local
 * times with that offset; converting the instant to another zone could only move a boundary
 * ("…T23:59:59+01:00" is still the 31st), so the written date is kept.
 */
function localDate(value: string): string | undefined {
  const d = DateTime.fromISO(value.trim(), { setZone: true });
  return d.isValid ? (d.toISODate() ?? undefined) : undefined;
}

function toDateRange(v: Json | undefined, text: string): DateRange | undefined {
  const x = first(v);
  let a: string | undefined;
  let b: string | undefined;
  if (typeof x === 'string') [a, b = a] = x.split('/');
  else if (x && typeof x === 'object' && !Array.isArray(x)) {
    a = str(x.startDate ?? x.startDateTime ?? x.date ?? x.date_time ?? x.dateTime);
    b = str(x.endDate ?? x.endDateTime) ?? a;
  }
  const from = a && localDate(a);
  const to = b && localDate(b);
  if (!from || !to) return undefined;
  return from <= to ? { from, to, text } : { from: to, to: from, text };
}

function toCount(v: Json | undefined): number | undefined {
  const s = str(v);
  const n = s && /^\d+(\.0+)?$/.test(s) ? Number.parseInt(s, 10) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function toPlace(v: Json | undefined): string | undefined {
  const x = first(v);
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const parts = LOCATION_PARTS.map((k) => str(x[k])).filter((p): p is string => !!p);
    return parts.length ? parts.join(', ').slice(0, 100) : undefined;
  }
  return str(x)?.slice(0, 100);
}

function toAmount(v: Json | undefined, currency?: string) {
  const x = first(v);
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const amount = x.amount;
    const cur = str(x.currency) ?? currency;
    if (cur && (typeof amount === 'number' || typeof amount === 'string')) return toMoney(amount, cur);
    return undefined;
  }
  if (currency && (typeof x === 'number' || typeof x === 'string')) return toMoney(x, currency);
  return undefined;
}

function toCategory(v: Json | undefined): Category | undefined {
  const s = str(v)?.toLowerCase();
  if (!s) return undefined;
  return (CATEGORIES as readonly string[]).includes(s) ? (s as Category) : extractCategory(s);
}

/**
 * Maps a Dialogflow intent's parameters (already plain JSON) onto Teller entities. `<name>.original`
 * keys (from output contexts: the words the user typed) label the date range. Amounts are only
 * taken with a currency (`unit-currency` carries one; a bare `amount` needs `options.currency`).
 */
export function dialogflowEntities(params: JsonObject, options: EntityOptions = {}): Entities {
  const byName = new Map<string, [string, Json]>();
  for (const [key, value] of Object.entries(params))
    if (!key.endsWith('.original') && !byName.has(norm(key))) byName.set(norm(key), [key, value]);
  const pick = <T>(names: readonly string[], f: (v: Json | undefined, key: string) => T | undefined) => {
    for (const n of names) {
      const hit = byName.get(n);
      const out = hit && f(hit[1], hit[0]);
      if (out !== undefined) return out;
    }
    return undefined;
  };
  const original = (key: string) =>
    (Object.hasOwn(params, `${key}.original`) ? str(params[`${key}.original`]) : undefined)?.slice(0, 60) ??
    '';

  const e: Entities = {};
  const accountType = pick(NAMES.accountType, (v) => {
    const s = str(v)?.toLowerCase().replace(/_/g, ' ');
    return s ? extractAccountType(s) : undefined;
  });
  if (accountType) e.accountType = accountType;
  const category = pick(NAMES.category, toCategory);
  if (category) e.category = category;
  const merchant = pick(NAMES.merchant, (v) => str(v)?.slice(0, 100));
  if (merchant) e.merchant = merchant;
  const dateRange = pick(NAMES.dateRange, (v, key) => toDateRange(v, original(key)));
  if (dateRange) e.dateRange = dateRange;
  const count = pick(NAMES.count, toCount);
  if (count !== undefined) e.count = count;
  const amount = pick(NAMES.amount, (v) => toAmount(v, options.currency));
  if (amount) e.amount = amount;
  const place = pick(NAMES.place, toPlace);
  if (place) e.place = place;
  return e;
}
