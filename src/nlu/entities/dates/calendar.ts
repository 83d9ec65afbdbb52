/**
 * Calendar arithmetic for date ranges. The user's "today" is taken in their IANA zone once;
 * everything after that is pure calendar maths on UTC-midnight DateTimes, so DST changes
 * cannot shift a date. Weeks start on Monday (ISO).
 */
import { DateTime } from 'luxon';
import type { ParseContext } from '../../types';

/** A local calendar date, held as midnight UTC. */
export type Day = DateTime;

export interface Period {
  from: Day;
  to: Day;
}

const EARLIEST = DateTime.utc(1900, 1, 1);

export function day(year: number, month: number, date: number): Day | undefined {
  const d = DateTime.utc(year, month, date);
  return d.isValid && d.month === month ? d : undefined;
}

/** Per zone, the last local day computed and the instants it spans: [start, end) in epoch ms. */
const todays = new Map<string, { start: number; end: number; day: Day }>();

/** Today's date in the user's zone. An unknown zone or invalid `now` falls back to UTC / the clock. */
export function localToday(ctx?: ParseContext): Day {
  const now = ctx?.now && Number.isFinite(ctx.now.getTime()) ? ctx.now : new Date();
  const zone = ctx?.timezone || 'UTC';
  const ms = now.getTime();
  // Every message asks for today: reuse the answer while `now` is still within that local day.
  const known = todays.get(zone);
  if (known && ms >= known.start && ms < known.end) return known.day;
  let local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) {
    local = DateTime.fromJSDate(now, { zone: 'UTC' });
    if (!local.isValid) local = DateTime.utc();
    return DateTime.utc(local.year, local.month, local.day);
  }
  const day = DateTime.utc(local.year, local.month, local.day);
  const start = local.startOf('day').toMillis();
  const end = local.plus({ days: 1 }).startOf('day').toMillis();
  if (ms >= start && ms < end) {
    if (todays.size >= 256) todays.clear();
    todays.set(zone, { start, end, day });
  }
  return day;
}

export function isoDate(d: Day): string {
  return d.toISODate() ?? '';
}

/** Clips a period to [1900-01-01, today]; undefined when nothing of it has happened yet. */
export function clip(p: Period | undefined, today: Day): Period | undefined {
  if (!p || !p.from.isValid || !p.to.isValid) return undefined;
  const from = p.from < EARLIEST ? EARLIEST : p.from;
  const to = p.to > today ? today : p.to;
  return from <= to ? { from, to } : undefined;
}

/**
 * Calendar units already worked out, by day and unit: "this month", "last week"… are asked about
 * again and again on the same day, and each costs several luxon operations. Periods and their
 * DateTimes are immutable, so they are shared.
 */
const units = new Map<string, Period>();

export function unitOf(d: Day, unit: 'week' | 'month' | 'quarter' | 'year'): Period {
  const key = `${unit} ${d.zoneName ?? ''} ${d.toMillis()}`;
  let p = units.get(key);
  if (!p) {
    p = { from: d.startOf(unit), to: d.endOf(unit).startOf('day') };
    if (units.size >= 1024) units.clear();
    units.set(key, p);
  }
  return p;
}

export function single(d: Day): Period {
  return { from: d, to: d };
}

export function monthPeriod(year: number, month: number): Period | undefined {
  const first = day(year, month, 1);
  return first ? unitOf(first, 'month') : undefined;
}

export function quarterPeriod(year: number, quarter: number): Period | undefined {
  const first = day(year, (quarter - 1) * 3 + 1, 1);
  return first ? unitOf(first, 'quarter') : undefined;
}

/** The latest year in which month `month` has started by `today` ("in October" in March → last year). */
export function recentYearForMonth(month: number, today: Day): number {
  return month <= today.month ? today.year : today.year - 1;
}

/** The most recent `month`/`date` on or before today (29 Feb looks back to the last leap year). */
export function recentDay(month: number, date: number, today: Day): Day | undefined {
  for (let year = today.year; year >= today.year - 8; year--) {
    const d = day(year, month, date);
    if (d && d <= today) return d;
  }
  return undefined;
}

/** Most recent quarter `q` that has started (the current one counts). */
export function recentQuarter(q: number, today: Day): Period | undefined {
  const startMonth = (q - 1) * 3 + 1;
  return quarterPeriod(startMonth <= today.month ? today.year : today.year - 1, q);
}

/** Most recent `weekday` (1 = Monday): today counts unless `strictlyBefore`. */
export function recentWeekday(weekday: number, today: Day, strictlyBefore: boolean): Day {
  let back = (today.weekday - weekday + 7) % 7;
  if (back === 0 && strictlyBefore) back = 7;
  return today.minus({ days: back });
}

/**
 * "this weekend": the current one if it has begun, else the one just gone.
 * "last weekend": the most recent weekend that is over (on a Saturday or Sunday, the one before).
 */
export function weekend(today: Day, last: boolean): Period {
  const saturday = recentWeekday(6, today, false);
  const inWeekend = today.weekday >= 6;
  const start = inWeekend && last ? saturday.minus({ days: 7 }) : saturday;
  return { from: start, to: start.plus({ days: 1 }) };
}

export type Unit = 'day' | 'week' | 'month' | 'year';

const MAX: Record<Unit, number> = { day: 50_000, week: 7_000, month: 1_500, year: 130 };

/**
 * "past N units" ending today. Days and weeks are counted inclusively (past 30 days = today and the
 * 29 before); months and years are calendar-aware (last 3 months on 18 Mar = 18 Dec .. 18 Mar).
 */
export function rolling(n: number, unit: Unit, today: Day): Period | undefined {
  if (!(n >= 1)) return undefined;
  const count = Math.min(n, MAX[unit]);
  if (unit === 'day') return { from: today.minus({ days: count - 1 }), to: today };
  if (unit === 'week') return { from: today.minus({ days: count * 7 - 1 }), to: today };
  return { from: today.minus({ [`${unit}s`]: count }), to: today };
}

/** "N units ago": a single day for days and weeks, the whole calendar month or year otherwise. */
export function ago(n: number, unit: Unit, today: Day): Period | undefined {
  if (!(n >= 0) || n > MAX[unit]) return undefined;
  if (unit === 'day') return single(today.minus({ days: n }));
  if (unit === 'week') return single(today.minus({ days: n * 7 }));
  return unitOf(today.minus({ [`${unit}s`]: n }), unit);
}
