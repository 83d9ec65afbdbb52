/**
 * Rules for self-contained date phrases ("last month", "past 30 days", "Q3 2025", "on Monday").
 * Each rule is a whole-word regex plus a builder from the match to a period; ranges built from
 * two of these ("between 1 and 10 March", "since April") live in ranges.ts.
 */
import { NUMBER_SOURCE, parseNumber } from '../text';
import {
  ago,
  day,
  monthPeriod,
  quarterPeriod,
  recentDay,
  recentQuarter,
  recentWeekday,
  recentYearForMonth,
  rolling,
  single,
  unitOf,
  weekend,
  type Day,
  type Period,
  type Unit,
} from './calendar';
import {
  DAY_MONTH,
  MONTH_ANY,
  MONTH_BARE,
  WEEKDAY_ANY,
  WEEKDAY_FULL,
  YEAR,
  monthIndex,
  parseDayMonth,
  weekdayIndex,
  words,
} from './words';

export interface Rule {
  re: RegExp;
  build: (m: RegExpExecArray, today: Day) => Period | undefined;
}

export function rule(source: string, build: Rule['build']): Rule {
  return { re: new RegExp(words(source), 'giu'), build };
}

/** "last week", "this month"…: the same answer all day, so each is worked out once per day. */
const relative = new Map<string, Period>();

function memo(kind: string, today: Day, unit: string, make: () => Period): Period {
  const key = `${kind} ${unit} ${today.zoneName ?? ''} ${today.toMillis()}`;
  let p = relative.get(key);
  if (!p) {
    p = make();
    if (relative.size >= 256) relative.clear();
    relative.set(key, p);
  }
  return p;
}

const previous = (today: Day, unit: 'week' | 'month' | 'quarter' | 'year'): Period =>
  memo('previous', today, unit, () => unitOf(today.minus({ [`${unit}s`]: 1 }), unit));
const current = (today: Day, unit: 'week' | 'month' | 'quarter' | 'year'): Period =>
  memo('current', today, unit, () => ({ from: today.startOf(unit), to: today }));

const SO_FAR = '(?:so\\s+far\\s+)?';
const LAST = '(?:last|previous|prior)';
const UNIT = '(?<unit>hour|day|week|fortnight|month|year)s?';

function unitCount(m: RegExpExecArray): { n: number; unit: Unit } | undefined {
  const raw = m.groups?.unit?.toLowerCase();
  const n = m.groups?.n ? parseNumber(m.groups.n) : 1;
  if (!raw || n === undefined) return undefined;
  if (raw === 'fortnight') return { n: n * 2, unit: 'week' };
  // Hours only matter as far as the days they reach back into: "last 24 hours" = yesterday and today.
  if (raw === 'hour') return { n: n >= 24 ? Math.ceil(n / 24) + 1 : 1, unit: 'day' };
  return { n, unit: raw as Unit };
}

const ORDINAL_QUARTER: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
};

function quarter(q: number, year: string | undefined, today: Day): Period | undefined {
  return year ? quarterPeriod(parseInt(year, 10), q) : recentQuarter(q, today);
}

function month(text: string, today: Day): Period | undefined {
  const name = new RegExp(MONTH_ANY, 'i').exec(text.replace(/^\s*(?:in|during|for|throughout|over)\s+/i, ''));
  const m = name ? monthIndex(name[0]) : undefined;
  if (!m) return undefined;
  const year = new RegExp(`(${YEAR})`).exec(text)?.[1];
  return monthPeriod(year ? parseInt(year, 10) : recentYearForMonth(m, today), m);
}

/** A day-and-month phrase, in its year if given, else its most recent occurrence. */
export function dayMonthPeriod(text: string, today: Day): Period | undefined {
  const dm = parseDayMonth(text);
  if (!dm) return undefined;
  const d = dm.year ? day(dm.year, dm.month, dm.day) : recentDay(dm.month, dm.day, today);
  return d && single(d);
}

export function weekdayPeriod(text: string, today: Day): Period | undefined {
  const parts = text.toLowerCase().trim().split(/\s+/);
  const wd = weekdayIndex(parts[parts.length - 1] ?? '');
  const which = parts.length > 1 ? parts[parts.length - 2] : '';
  if (!wd) return undefined;
  if (which === 'this') return single(today.startOf('week').plus({ days: wd - 1 }));
  return single(recentWeekday(wd, today, /^(last|past|previous)$/.test(which ?? '')));
}

/** "last March": the most recent March before the current month; "this March": this year's. */
function namedMonth(text: string, today: Day): Period | undefined {
  const [which = '', name = ''] = text.toLowerCase().split(/\s+/);
  const m = monthIndex(name);
  if (!m) return undefined;
  if (which === 'this') return monthPeriod(today.year, m);
  return monthPeriod(m < today.month ? today.year : today.year - 1, m);
}

/** Ordered by preference when two rules match the same span. */
export const RULES: Rule[] = [
  rule(`${SO_FAR}today|tonight|this\\s+(?:morning|afternoon|evening)`, (_m, t) => single(t)),
  rule('(?:the\\s+)?day\\s+before\\s+yesterday', (_m, t) => single(t.minus({ days: 2 }))),
  rule('yesterday|last\\s+night', (_m, t) => single(t.minus({ days: 1 }))),
  rule(`${SO_FAR}this\\s+week|(?:the\\s+)?current\\s+week|week[\\s-]+to[\\s-]+date|wtd`, (_m, t) =>
    current(t, 'week'),
  ),
  rule(`${LAST}\\s+week`, (_m, t) => previous(t, 'week')),
  rule(
    `${SO_FAR}this\\s+month|(?:the\\s+)?current\\s+month|month[\\s-]+to[\\s-]+date|mtd|since\\s+the\\s+(?:start|beginning)\\s+of\\s+(?:the|this)\\s+month`,
    (_m, t) => current(t, 'month'),
  ),
  rule(`${LAST}\\s+month`, (_m, t) => previous(t, 'month')),
  rule(
    `${SO_FAR}this\\s+year|(?:the\\s+)?current\\s+year|year[\\s-]+to[\\s-]+date|ytd|since\\s+the\\s+(?:start|beginning)\\s+of\\s+(?:the|this)\\s+year`,
    (_m, t) => current(t, 'year'),
  ),
  rule(`${LAST}\\s+year`, (_m, t) => previous(t, 'year')),
  rule(`${SO_FAR}this\\s+quarter|(?:the\\s+)?current\\s+quarter|quarter[\\s-]+to[\\s-]+date|qtd`, (_m, t) =>
    current(t, 'quarter'),
  ),
  rule(`${LAST}\\s+quarter`, (_m, t) => previous(t, 'quarter')),
  rule('(?:the\\s+)?(?<u>week|month|year)\\s+before\\s+last', (m, t) => {
    const unit = (m.groups?.u?.toLowerCase() ?? 'week') as 'week' | 'month' | 'year';
    return unitOf(t.minus({ [`${unit}s`]: 2 }), unit);
  }),
  rule('(?:(?:over|during|at|on)\\s+)?(?:this|the)(?:\\s+past)?\\s+weekend', (_m, t) => weekend(t, false)),
  rule(`(?:${LAST}|past)\\s+weekend`, (_m, t) => weekend(t, true)),
  // "past 30 days", "over the last 2 weeks", "the last month"; "last month" and "the previous month" are
  // the calendar month above.
  rule(
    `(?:(?:in|over|during|within|for)\\s+)?(?<the>the\\s+)?(?<w>past|last|previous)\\s+(?:(?<n>${NUMBER_SOURCE})\\s+)?${UNIT}`,
    (m, t) => {
      const uc = unitCount(m);
      const w = m.groups?.w?.toLowerCase();
      const fortnight = m.groups?.unit?.toLowerCase() === 'fortnight';
      const rollingWanted = m.groups?.n || w === 'past' || fortnight || (m.groups?.the && w === 'last');
      return uc && rollingWanted ? rolling(uc.n, uc.unit, t) : undefined;
    },
  ),
  rule(`(?<n>${NUMBER_SOURCE})\\s+${UNIT}\\s+(?:ago|back)`, (m, t) => {
    const hours = m.groups?.unit?.toLowerCase() === 'hour' ? parseNumber(m.groups?.n ?? '') : undefined;
    if (hours !== undefined) return single(t.minus({ days: Math.floor(hours / 24) }));
    const uc = unitCount(m);
    return uc && ago(uc.n, uc.unit, t);
  }),
  rule(
    `(?:in|during|for|throughout|over)\\s+(?:the\\s+month\\s+of\\s+)?${MONTH_ANY}(?:,?\\s+${YEAR})?`,
    (m, t) => month(m[0], t),
  ),
  rule(`${MONTH_ANY},?\\s+${YEAR}|${MONTH_BARE}`, (m, t) => month(m[0], t)),
  rule(`(?:last|this|past|previous)\\s+${MONTH_ANY}`, (m, t) => namedMonth(m[0], t)),
  rule(`(?:(?:in|during|for|throughout)\\s+(?:the\\s+year\\s+)?|the\\s+year\\s+)(?<y>${YEAR})`, (m) => {
    const y = parseInt(m.groups?.y ?? '', 10);
    const first = day(y, 1, 1);
    return first && unitOf(first, 'year');
  }),
  rule(`(?:on\\s+)?(?:${WEEKDAY_ANY},?\\s+)?${DAY_MONTH}`, (m, t) => dayMonthPeriod(m[0], t)),
  rule('on\\s+the\\s+(?<d>[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)', (m, t) => {
    const d = parseInt(m.groups?.d ?? '', 10);
    const thisMonth = day(t.year, t.month, d);
    if (thisMonth && thisMonth <= t) return single(thisMonth);
    const before = t.minus({ months: 1 });
    const prev = day(before.year, before.month, d);
    return prev && single(prev);
  }),
  rule(`(?:on|last|past|previous|this)\\s+${WEEKDAY_ANY}|${WEEKDAY_FULL}`, (m, t) => weekdayPeriod(m[0], t)),
  rule(
    `(?:the\\s+)?(?:q(?<q>[1-4])|(?<ord>first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter)(?:\\s+(?:of\\s+)?(?<y>${YEAR}))?`,
    (m, t) => {
      const q = m.groups?.q ? parseInt(m.groups.q, 10) : ORDINAL_QUARTER[m.groups?.ord?.toLowerCase() ?? ''];
      return q ? quarter(q, m.groups?.y, t) : undefined;
    },
  ),
  rule(`(?<y>${YEAR})\\s*-?\\s*q(?<q>[1-4])`, (m, t) =>
    quarter(parseInt(m.groups?.q ?? '1', 10), m.groups?.y, t),
  ),
];
