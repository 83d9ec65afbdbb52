import type { Account } from '../connectors/types';
import { formatMoney, last4, type Money } from '../money';

/** "Everyday Current ••1234": the product name without a trailing "Account", and only the last 4 digits. */
export function accountLabel(account: Pick<Account, 'name' | 'last4'>): string {
  const name = account.name.replace(/\s+account$/i, '').trim() || account.name;
  // A bank may not share identification (Open Banking without ReadAccountsDetail): the name alone.
  const digits = last4(account.last4);
  return digits ? `${name} ••${digits}` : name;
}

/** "£1,234.56" in the money's own currency. */
export function money(m: Money, locale?: string): string {
  return formatMoney(m, locale);
}

/** Several amounts, one per currency: "£12.00 and $3.50". */
export function moneyList(list: Iterable<Money>, locale?: string): string {
  return joinWords([...list].map((m) => formatMoney(m, locale)));
}

/** "a, b and c". */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "350 m" under a kilometre (to the nearest 10 m), then "1.2 km". */
export function distance(meters: number): string {
  if (!Number.isFinite(meters) || meters < 0) return '';
  if (meters < 995) return `${Math.max(10, Math.round(meters / 10) * 10)} m`;
  const km = meters / 1000;
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 Mar" for an ISO instant or a YYYY-MM-DD date, in the customer's timezone. */
export function shortDate(iso: string, timezone: string, locale = 'en-GB'): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const zone = dateOnly ? 'UTC' : timezone;
  const key = `${locale}|${zone}`;
  let f = dayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: zone });
    dayFormats.set(key, f);
  }
  return f.format(new Date(dateOnly ? `${iso}T12:00:00Z` : iso));
}

/** A bulleted list, one item per line. */
export function bullets(items: readonly string[]): string {
  return items.map((i) => `• ${i}`).join('\n');
}

/** Upper-cases the first letter. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
