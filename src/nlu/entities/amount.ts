/**
 * Money amounts: "£50", "50 quid", "$1,234.56", "over 100 euros", "20 GBP", "1.5k", "50p".
 * A bare number counts only when phrased as money ("over 100", "spent 20"), never as a count,
 * date or postcode. The value is built on strings and normalised through the Money helpers,
 * so it is never a float.
 */
import { fromMinor, money, type Money } from '../../money';
import type { ParseContext } from '../types';
import { findDateRange } from './dates';
import { allMatches, mask, type Found } from './text';

const DOLLAR_CURRENCIES = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD']);
const CODES = 'GBP|USD|EUR|JPY|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|HKD|SGD|ZAR|MXN|BRL|AED';
const SYMBOLS: Record<string, string> = {
  '£': 'GBP',
  '€': 'EUR',
  '¥': 'JPY',
  us$: 'USD',
  c$: 'CAD',
  a$: 'AUD',
  nz$: 'NZD',
  hk$: 'HKD',
};
const WORDS: Record<string, string> = {
  quid: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  sterling: 'GBP',
  euro: 'EUR',
  euros: 'EUR',
  yen: 'JPY',
};
const MULTIPLIERS: Record<string, number> = {
  k: 3,
  grand: 3,
  thousand: 3,
  m: 6,
  mn: 6,
  million: 6,
  bn: 9,
  billion: 9,
};

/** "1,234.56" or "1234.5"; thousands separators must be in the right places. */
const NUM = '(?<n>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';
const MULT = '(?:\\s?(?<mult>k|m|mn|bn)(?![\\p{L}\\p{N}])|\\s+(?<multw>grand|thousand|million|billion))?';
const SYM = '(?<sym>us\\$|c\\$|a\\$|nz\\$|hk\\$|£|\\$|€|¥)';
const CURWORD = `(?<word>quid|pounds?|sterling|euros?|dollars?|bucks|yen|pence|p|${CODES})`;
const START = '(?<![\\p{L}\\p{N}.,])';
const END = '(?![\\p{L}\\p{N}]|[.,]\\d)';

/** Words that make a bare number an amount ("over 100", "spent 20", "budget of 300"). */
const CUE =
  '(?:over|under|above|below|more\\s+than|less\\s+than|at\\s+least|at\\s+most|greater\\s+than|bigger\\s+than|larger\\s+than|' +
  'higher\\s+than|lower\\s+than|exceeding|exceeds|up\\s+to|around|about|roughly|approximately|between|budget\\s+of|limit\\s+of|' +
  'cost(?:s|ing)?|worth|spen[dt]|spending|paid|pay|send|sent|transfer(?:red)?|withdr[ae]w|withdrawn|move|moved)';
/** After a bare number these mean it is not money: counts, durations, dates, ordinals, times. */
const NOT_MONEY_AFTER =
  /^\s*(?:%|percent|x(?![\p{L}])|times|hours?|mins?|minutes?|days?|weeks?|fortnights?|months?|years?|yrs?|am|pm|o'?clock|:|st|nd|rd|th|of\s|transactions?|payments?|purchases?|items?|charges?|debits?|credits?|deposits?|withdrawals?|transfers?|orders?|ones|entries|people|miles?|km|metres?|meters?|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;

const PATTERNS: RegExp[] = [
  new RegExp(`${START}${SYM}\\s?${NUM}${MULT}${END}`, 'giu'),
  new RegExp(`${START}(?<code>${CODES})\\s?${NUM}${MULT}${END}`, 'giu'),
  new RegExp(`${START}${NUM}${MULT}\\s?(?:${SYM}|${CURWORD})${END}`, 'giu'),
  new RegExp(`${START}${NUM}(?:\\s?(?<mult>k)|\\s+(?<multw>grand))${END}`, 'giu'),
  new RegExp(`(?<=${START}${CUE}\\s+(?:of\\s+)?)${NUM}${MULT}${END}`, 'giu'),
];

function currencyOf(m: RegExpExecArray, fallback: string): string | undefined {
  const g = m.groups ?? {};
  const sym = g.sym?.toLowerCase();
  const word = g.word?.toLowerCase();
  const dollarish = DOLLAR_CURRENCIES.has(fallback) ? fallback : 'USD';
  if (sym) return sym === '$' ? dollarish : SYMBOLS[sym];
  if (g.code) return g.code.toUpperCase();
  if (word === 'dollar' || word === 'dollars' || word === 'bucks') return dollarish;
  if (word === 'p' || word === 'pence') return 'GBP';
  if (word) return WORDS[word] ?? word.toUpperCase();
  return fallback;
}

/** Moves the decimal point `places` to the right, on the string: ("1.5", 3) → "1500". */
export function shiftDecimal(decimal: string, places: number): string {
  const [whole = '0', frac = ''] = decimal.split('.');
  const digits = whole + frac.padEnd(places, '0');
  const point = whole.length + places;
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(point).replace(/0+$/, '');
  return rest ? `${int}.${rest}` : int;
}

function toMoney(m: RegExpExecArray, fallback: string): Money | undefined {
  const g = m.groups ?? {};
  const currency = currencyOf(m, fallback);
  if (!g.n || !currency) return undefined;
  const plain = g.n.replace(/,/g, '');
  const places = MULTIPLIERS[(g.mult ?? g.multw ?? '').toLowerCase()] ?? 0;
  const amount = shiftDecimal(plain, places);
  if (amount.replace('.', '').length > 18) return undefined;
  const word = g.word?.toLowerCase();
  try {
    if (word === 'p' || word === 'pence')
      return /^\d+$/.test(amount) ? fromMinor(BigInt(amount), 'GBP') : undefined;
    return money(amount, currency);
  } catch {
    return undefined; // more decimals than the currency has, or an unknown currency
  }
}

/** The first amount in the text (on text already masked by the caller). */
export function findAmount(text: string, ctx?: ParseContext): Found<Money> | undefined {
  const fallback = (ctx?.currency || 'GBP').toUpperCase();
  let best: (Found<Money> & { priority: number }) | undefined;
  PATTERNS.forEach((re, priority) => {
    for (const m of allMatches(re, text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (best && (best.start < start || (best.start === start && best.priority <= priority))) continue;
      if (priority === PATTERNS.length - 1 && NOT_MONEY_AFTER.test(text.slice(end))) continue;
      const value = toMoney(m, fallback);
      if (value) best = { value, start, end, priority };
    }
  });
  return best && { value: best.value, start: best.start, end: best.end };
}

/** Money mentioned in the text; bare amounts ("over 100") use `ctx.currency` (default GBP). */
export function extractAmount(text: string, ctx?: ParseContext): Money | undefined {
  return findAmount(mask(text, [findDateRange(text, ctx)]), ctx)?.value;
}
