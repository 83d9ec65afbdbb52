/** Calendar words and the regex fragments the date rules are built from (all case-insensitive). */

export const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

export const WEEKDAY_NAMES = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/** Any month name or abbreviation ("Sept.", "mar"). */
export const MONTH_ANY =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december' +
  '|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';
/** Month names safe to read as a month with no preposition or year ("October" but not "may" or "jan"). */
export const MONTH_BARE =
  '(?:january|february|march|april|june|july|august|september|october|november|december)';

export const WEEKDAY_ANY =
  '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)';
export const WEEKDAY_FULL = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';

export const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\\d)';
export const YEAR = '(?:19|20)\\d{2}(?!\\d)';

/** "1 March", "1st of March", "March 3rd", each with an optional year. */
export const DAY_MONTH = `(?:the\\s+)?(?:${DAY}(?:\\s+of)?\\s+${MONTH_ANY}|${MONTH_ANY}\\s+(?:the\\s+)?${DAY})(?:,?\\s+${YEAR})?`;

/** 1..12 for a month word, or undefined. */
export function monthIndex(word: string): number | undefined {
  const w = word.toLowerCase().trim().slice(0, 3);
  if (w.length < 3) return undefined;
  const i = MONTH_NAMES.findIndex((m) => m.startsWith(w));
  return i < 0 ? undefined : i + 1;
}

/** 1 (Monday) .. 7 (Sunday) for a weekday word, or undefined. */
export function weekdayIndex(word: string): number | undefined {
  const w = word.toLowerCase().trim().slice(0, 3);
  if (w.length < 3) return undefined;
  const i = WEEKDAY_NAMES.findIndex((d) => d.startsWith(w));
  return i < 0 ? undefined : i + 1;
}

export interface DayMonth {
  day: number;
  month: number;
  year?: number;
}

const DM = new RegExp(`(${DAY.replace('(?!\\d)', '')})(?:\\s+of)?\\s+(${MONTH_ANY})`, 'i');
const MD = new RegExp(`(${MONTH_ANY})\\s+(?:the\\s+)?(${DAY.replace('(?!\\d)', '')})`, 'i');
const Y = new RegExp(`(${YEAR})`);

/** Reads a phrase matched by DAY_MONTH. */
export function parseDayMonth(text: string): DayMonth | undefined {
  const dm = DM.exec(text);
  const md = dm ? undefined : MD.exec(text);
  const dayText = dm ? dm[1] : md?.[2];
  const monthText = dm ? dm[2] : md?.[1];
  const month = monthText ? monthIndex(monthText) : undefined;
  const day = dayText ? parseInt(dayText, 10) : NaN;
  if (!month || !(day >= 1 && day <= 31)) return undefined;
  const year = Y.exec(text); // a day has at most two digits, so any 4-digit year here is the year
  return year?.[1] ? { day, month, year: parseInt(year[1], 10) } : { day, month };
}

/** Wraps a pattern so it only matches whole words. */
export function words(source: string): string {
  return `(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`;
}
