/**
 * Labelled date-range queries for bench/dates-compare.ts. Unless a case says otherwise, "now" is
 * Wednesday 2026-03-18 12:00 UTC and the user is in Europe/London (GMT until 29 March 2026).
 * Expected ranges are inclusive local dates, clipped so they never end after today.
 */
export interface DateCase {
  text: string;
  from: string;
  to: string;
  now?: string;
  timezone?: string;
}

export const DEFAULT_NOW = '2026-03-18T12:00:00Z';
export const DEFAULT_TZ = 'Europe/London';

const LA_LATE = { now: '2026-03-01T02:00:00Z', timezone: 'America/Los_Angeles' }; // Sat 28 Feb 18:00 local
const NY_DST = { now: '2026-03-08T06:30:00Z', timezone: 'America/New_York' }; // Sun 8 Mar 01:30 EST

export const DATE_CASES: DateCase[] = [
  { text: 'what did I spend today', from: '2026-03-18', to: '2026-03-18' },
  { text: 'spending yesterday', from: '2026-03-17', to: '2026-03-17' },
  { text: 'the day before yesterday', from: '2026-03-16', to: '2026-03-16' },
  { text: 'how much this week', from: '2026-03-16', to: '2026-03-18' },
  { text: 'how much did I spend last week', from: '2026-03-09', to: '2026-03-15' },
  { text: 'transactions this month', from: '2026-03-01', to: '2026-03-18' },
  { text: 'spending last month', from: '2026-02-01', to: '2026-02-28' },
  { text: 'this year', from: '2026-01-01', to: '2026-03-18' },
  { text: 'total for last year', from: '2025-01-01', to: '2025-12-31' },
  { text: 'past 30 days', from: '2026-02-17', to: '2026-03-18' },
  { text: 'last 7 days', from: '2026-03-12', to: '2026-03-18' },
  { text: 'in the last 5 days', from: '2026-03-14', to: '2026-03-18' },
  { text: 'over the past 3 days', from: '2026-03-16', to: '2026-03-18' },
  { text: 'past 2 weeks', from: '2026-03-05', to: '2026-03-18' },
  { text: 'over the last 2 weeks', from: '2026-03-05', to: '2026-03-18' },
  { text: 'past week', from: '2026-03-12', to: '2026-03-18' },
  { text: 'last 3 months', from: '2025-12-18', to: '2026-03-18' },
  { text: 'past 6 months', from: '2025-09-18', to: '2026-03-18' },
  { text: 'last 12 months', from: '2025-03-18', to: '2026-03-18' },
  { text: 'since March', from: '2026-03-01', to: '2026-03-18' },
  { text: 'since January', from: '2026-01-01', to: '2026-03-18' },
  { text: 'since April', from: '2025-04-01', to: '2026-03-18' },
  { text: 'since 5 March', from: '2026-03-05', to: '2026-03-18' },
  { text: 'in October', from: '2025-10-01', to: '2025-10-31' },
  { text: 'in October 2025', from: '2025-10-01', to: '2025-10-31' },
  { text: 'in February', from: '2026-02-01', to: '2026-02-28' },
  { text: 'in March 2025', from: '2025-03-01', to: '2025-03-31' },
  { text: 'December 2025', from: '2025-12-01', to: '2025-12-31' },
  { text: 'in 2025', from: '2025-01-01', to: '2025-12-31' },
  { text: 'between 1 and 10 March', from: '2026-03-01', to: '2026-03-10' },
  { text: 'from 1 March to 10 March', from: '2026-03-01', to: '2026-03-10' },
  { text: 'between January and February', from: '2026-01-01', to: '2026-02-28' },
  { text: 'March 3rd', from: '2026-03-03', to: '2026-03-03' },
  { text: 'on 5 January', from: '2026-01-05', to: '2026-01-05' },
  { text: 'on the 14th of February 2025', from: '2025-02-14', to: '2025-02-14' },
  { text: 'on Monday', from: '2026-03-16', to: '2026-03-16' },
  { text: 'last Monday', from: '2026-03-16', to: '2026-03-16' },
  { text: 'last Friday', from: '2026-03-13', to: '2026-03-13' },
  { text: 'Q1', from: '2026-01-01', to: '2026-03-18' },
  { text: 'first quarter', from: '2026-01-01', to: '2026-03-18' },
  { text: 'Q3 2025', from: '2025-07-01', to: '2025-09-30' },
  { text: 'Q4', from: '2025-10-01', to: '2025-12-31' },
  { text: 'second quarter of 2025', from: '2025-04-01', to: '2025-06-30' },
  { text: 'last quarter', from: '2025-10-01', to: '2025-12-31' },
  { text: 'this quarter', from: '2026-01-01', to: '2026-03-18' },
  { text: 'this weekend', from: '2026-03-14', to: '2026-03-15' },
  { text: 'last weekend', from: '2026-03-14', to: '2026-03-15' },
  { text: 'year to date', from: '2026-01-01', to: '2026-03-18' },
  { text: 'ytd', from: '2026-01-01', to: '2026-03-18' },
  { text: '2 days ago', from: '2026-03-16', to: '2026-03-16' },
  { text: 'today', from: '2026-02-28', to: '2026-02-28', ...LA_LATE },
  { text: 'this month', from: '2026-02-01', to: '2026-02-28', ...LA_LATE },
  { text: 'yesterday', from: '2026-02-27', to: '2026-02-27', ...LA_LATE },
  { text: 'last week', from: '2026-02-16', to: '2026-02-22', ...LA_LATE },
  { text: 'this weekend', from: '2026-02-28', to: '2026-02-28', ...LA_LATE },
  { text: 'yesterday', from: '2026-03-07', to: '2026-03-07', ...NY_DST },
  { text: 'last 7 days', from: '2026-03-02', to: '2026-03-08', ...NY_DST },
];

/**
 * Held out: phrasings labelled after the rules were written and run once, unchanged, to check how
 * the rules generalise (same default now/zone as above).
 */
export const HELD_OUT_CASES: DateCase[] = [
  { text: 'what did I spend the previous month', from: '2026-02-01', to: '2026-02-28' },
  { text: 'so far this month', from: '2026-03-01', to: '2026-03-18' },
  { text: 'within the last 10 days', from: '2026-03-09', to: '2026-03-18' },
  { text: 'in the past 48 hours', from: '2026-03-16', to: '2026-03-18' },
  { text: 'from 3rd to 9th of March', from: '2026-03-03', to: '2026-03-09' },
  { text: 'during February 2026', from: '2026-02-01', to: '2026-02-28' },
  { text: 'last fortnight', from: '2026-03-05', to: '2026-03-18' },
  { text: 'since the 1st of Feb', from: '2026-02-01', to: '2026-03-18' },
  { text: 'how much in january?', from: '2026-01-01', to: '2026-01-31' },
  { text: 'last Tuesday', from: '2026-03-17', to: '2026-03-17' },
  { text: 'the week before last', from: '2026-03-02', to: '2026-03-08' },
  { text: 'earlier this month', from: '2026-03-01', to: '2026-03-18' },
  { text: 'in the first quarter of 2025', from: '2025-01-01', to: '2025-03-31' },
  { text: 'since new year', from: '2026-01-01', to: '2026-03-18' },
  { text: 'Dec 2025', from: '2025-12-01', to: '2025-12-31' },
  { text: 'from Feb 1 to Feb 14', from: '2026-02-01', to: '2026-02-14' },
  { text: 'the last 90 days', from: '2025-12-19', to: '2026-03-18' },
  { text: 'month to date', from: '2026-03-01', to: '2026-03-18' },
  { text: 'spending on the 2nd of January', from: '2026-01-02', to: '2026-01-02' },
  { text: 'over the past year', from: '2025-03-18', to: '2026-03-18' },
];
