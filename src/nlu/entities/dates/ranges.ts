/**
 * Ranges built from two points or from a point to today: "since March", "between 1 and 10 March",
 * "from October to January", "January - March 2025". A point without a year takes its most recent
 * occurrence; the end of a range then takes the first year that puts it after the start.
 */
import {
  day,
  monthPeriod,
  recentDay,
  recentYearForMonth,
  single,
  unitOf,
  type Day,
  type Period,
} from './calendar';
import { RULES, rule, weekdayPeriod, type Rule } from './rules';
import { DAY_MONTH, MONTH_ANY, WEEKDAY_ANY, YEAR, monthIndex, parseDayMonth } from './words';

interface Spec {
  month: number;
  day?: number;
  year?: number;
}

interface Point {
  period: Period;
  /** Set for calendar dates and months, which can be moved to another year. */
  spec?: Spec;
}

const START_OF = /^the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(week|month|year)$/i;
const LAST_UNIT = /^(?:last|previous|prior)\s+(week|month|year)$/i;
const ONLY_YEAR = new RegExp(`^${YEAR}$`);
const ONLY_DAY_MONTH = new RegExp(`^${DAY_MONTH}$`, 'i');
const ONLY_MONTH = new RegExp(`^${MONTH_ANY}(?:,?\\s+(${YEAR}))?$`, 'i');

export const POINT =
  `(?:${DAY_MONTH}|${MONTH_ANY}(?:,?\\s+${YEAR})?|${YEAR}|today|now|yesterday|(?:last\\s+)?${WEEKDAY_ANY}` +
  '|(?:last|previous|prior)\\s+(?:week|month|year)|the\\s+(?:start|beginning)\\s+of\\s+(?:the\\s+|this\\s+)?(?:week|month|year)' +
  "|(?:the\\s+)?new\\s+year(?:['’]?s)?(?:\\s+day)?|christmas(?:\\s+day)?)";

function specPeriod(spec: Spec, year: number): Period | undefined {
  if (spec.day === undefined) return monthPeriod(year, spec.month);
  const d = day(year, spec.month, spec.day);
  return d && single(d);
}

function recent(spec: Spec, today: Day): Period | undefined {
  if (spec.year !== undefined) return specPeriod(spec, spec.year);
  if (spec.day === undefined) return monthPeriod(recentYearForMonth(spec.month, today), spec.month);
  const d = recentDay(spec.month, spec.day, today);
  return d && single(d);
}

function point(text: string, today: Day): Point | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'today' || s === 'now') return { period: single(today) };
  if (s === 'yesterday') return { period: single(today.minus({ days: 1 })) };
  if (/^(?:the\s+)?new\s+year/.test(s)) return { period: single(today.startOf('year')) };
  if (s.startsWith('christmas')) {
    const d = recentDay(12, 25, today);
    return d && { period: single(d) };
  }
  const start = START_OF.exec(s)?.[1] as 'week' | 'month' | 'year' | undefined;
  if (start) return { period: single(today.startOf(start)) };
  const last = LAST_UNIT.exec(s)?.[1] as 'week' | 'month' | 'year' | undefined;
  if (last) return { period: unitOf(today.minus({ [`${last}s`]: 1 }), last) };
  if (ONLY_YEAR.test(s)) {
    const first = day(parseInt(s, 10), 1, 1);
    return first && { period: unitOf(first, 'year') };
  }
  let spec: Spec | undefined;
  if (ONLY_DAY_MONTH.test(s)) spec = parseDayMonth(s);
  const month = ONLY_MONTH.exec(s);
  if (!spec && month) {
    const m = monthIndex(s);
    if (m) spec = month[1] ? { month: m, year: parseInt(month[1], 10) } : { month: m };
  }
  if (spec) {
    const period = recent(spec, today);
    return period && { period, spec };
  }
  const wd = weekdayPeriod(s, today);
  return wd && { period: wd };
}

/** Joins two specs/points into one range (see the file comment for how years are chosen). */
function join(a: Point | undefined, b: Point | undefined): Period | undefined {
  if (!a || !b) return undefined;
  let from = a.period;
  if (a.spec && a.spec.year === undefined && b.spec?.year !== undefined) {
    const inB = specPeriod(a.spec, b.spec.year);
    from = (inB && inB.from > b.period.to ? specPeriod(a.spec, b.spec.year - 1) : inB) ?? from;
  }
  let to = b.period;
  if (b.spec && b.spec.year === undefined) {
    const sameYear = specPeriod(b.spec, from.from.year);
    to = (sameYear && sameYear.to < from.from ? specPeriod(b.spec, from.from.year + 1) : sameYear) ?? to;
  }
  return from.from <= to.to ? { from: from.from, to: to.to } : undefined;
}

const TO = '(?:and|to|until|till|through|thru|-|–)';
const DAY_NUM = '(?:[12]\\d|3[01]|0?[1-9])';
const ORD = '(?:st|nd|rd|th)?';

function dayRange(m: RegExpExecArray, today: Day): Period | undefined {
  const g = m.groups ?? {};
  const month = monthIndex(g.mon ?? '');
  if (!month) return undefined;
  const year = g.y ? parseInt(g.y, 10) : undefined;
  const a: Spec = { month, day: parseInt(g.d1 ?? '', 10), year };
  const b: Spec = { month, day: parseInt(g.d2 ?? '', 10), year };
  const pa = recent(a, today);
  const pb = year !== undefined ? recent(b, today) : pa && specPeriod(b, pa.from.year);
  return pa && pb && pa.from <= pb.to ? { from: pa.from, to: pb.to } : undefined;
}

export const RANGE_RULES: Rule[] = [
  rule(`(?:ever\\s+)?(?:since|from|starting(?:\\s+from)?)\\s+(?<a>${POINT})`, (m, t) => {
    const p = point(m.groups?.a ?? '', t);
    return p && { from: p.period.from, to: t };
  }),
  rule(`after\\s+(?<a>${POINT})`, (m, t) => {
    const p = point(m.groups?.a ?? '', t);
    return p && { from: p.period.to.plus({ days: 1 }), to: t };
  }),
  rule(`(?:(?:between|from)\\s+)?(?<a>${POINT})\\s*${TO}\\s*(?<b>${POINT})`, (m, t) =>
    join(point(m.groups?.a ?? '', t), point(m.groups?.b ?? '', t)),
  ),
  rule(
    `(?:(?:between|from)\\s+)?(?:the\\s+)?(?<d1>${DAY_NUM})${ORD}\\s*${TO}\\s*(?:the\\s+)?(?<d2>${DAY_NUM})${ORD}(?:\\s+of)?\\s+(?<mon>${MONTH_ANY})(?:,?\\s+(?<y>${YEAR}))?`,
    dayRange,
  ),
  rule(
    `(?:(?:between|from)\\s+)?(?<mon>${MONTH_ANY})\\s+(?:the\\s+)?(?<d1>${DAY_NUM})${ORD}\\s*${TO}\\s*(?:the\\s+)?(?<d2>${DAY_NUM})${ORD}(?:,?\\s+(?<y>${YEAR}))?`,
    dayRange,
  ),
];

/** Every date rule, ranges first so they win ties. */
export const ALL_RULES: Rule[] = [...RANGE_RULES, ...RULES];
