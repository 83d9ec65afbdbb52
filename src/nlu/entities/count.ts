/**
 * How many items the user wants: "last 5 transactions", "my recent ten payments", "show 3".
 * Not a duration ("last 5 days" is a date range), an amount or an ordinal.
 */
import type { ParseContext } from '../types';
import { findAmount } from './amount';
import { findDateRange } from './dates';
import { allMatches, mask, parseNumber, type Found } from './text';

const NUM =
  '(?<n>\\d{1,4}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine))?' +
  '|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen' +
  '|(?:a\\s+)?dozen|(?:a\\s+)?couple(?:\\s+of)?|(?:a\\s+)?few)';
const NOUN =
  '(?:transactions?|payments?|purchases?|charges?|items?|debits?|credits?|deposits?|withdrawals?|transfers?|orders?|' +
  'entries|entry|spends|expenses?|bills?|merchants?|categories|ones|receipts?|direct\\s+debits?|standing\\s+orders?)';
const ADJ =
  '(?:most\\s+recent|recent|latest|last|newest|biggest|largest|smallest|top|previous|new|outgoing|incoming|pending|card|' +
  'big|large|small|highest|lowest)';
const NOT_A_COUNT_AFTER =
  '(?!\\s*(?:[.,]\\d|%|percent|hours?|days?|weeks?|fortnights?|months?|years?|k(?![\\p{L}])|st|nd|rd|th|am|pm|:|quid|pounds?|euros?|dollars?|p(?![\\p{L}])|' +
  'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))';
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

const PATTERNS: RegExp[] = [
  // "5 most recent transactions", "ten payments", "a couple of purchases"
  new RegExp(`${B}${NUM}\\s+(?:${ADJ}\\s+){0,2}${NOUN}${E}`, 'giu'),
  // "show 3", "list the last 10", "give me my latest five"
  new RegExp(
    `${B}(?:show|list|give|see|get|display|view|find|pull\\s+up)\\s+(?:me\\s+)?(?:the\\s+|my\\s+)?(?:${ADJ}\\s+)?${NUM}${E}${NOT_A_COUNT_AFTER}`,
    'giu',
  ),
  // "last 5", "top 10"
  new RegExp(`${B}(?:last|latest|top|recent|first|previous)\\s+${NUM}${E}${NOT_A_COUNT_AFTER}`, 'giu'),
];

const MAX = 1000;

/** The first count in text the caller may already have masked; see extractCount. */
export function findCount(text: string): Found<number> | undefined {
  let best: Found<number> | undefined;
  for (const re of PATTERNS) {
    for (const m of allMatches(re, text)) {
      const n = parseNumber(m.groups?.n ?? '');
      if (n === undefined || n < 1 || n > MAX) continue;
      if (!best || m.index < best.start) best = { value: n, start: m.index, end: m.index + m[0].length };
      break;
    }
  }
  return best;
}

/** A number of items to show; dates ("last 5 days") and amounts ("over 50") are not counts. */
export function extractCount(text: string, ctx?: ParseContext): number | undefined {
  const withoutDate = mask(text, [findDateRange(text, ctx)]);
  return findCount(mask(withoutDate, [findAmount(withoutDate, ctx)]))?.value;
}
