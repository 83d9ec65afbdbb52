import { IANAZone } from 'luxon';

/** Calendar arithmetic on plain YYYY-MM-DD dates (zone-free), plus fast zone conversions. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtcMs(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** Formatted dates by UTC-midnight epoch ms: the sandbox formats the same few hundred days over and over. */
const formatted = new Map<number, string>();
const MAX_FORMATTED = 8192;

function fromUtcMs(ms: number): string {
  let date = formatted.get(ms);
  if (date === undefined) {
    date = new Date(ms).toISOString().slice(0, 10);
    if (ms % DAY_MS === 0) {
      if (formatted.size >= MAX_FORMATTED) formatted.clear();
      formatted.set(ms, date);
    }
  }
  return date;
}

export function isIsoDate(text: string): boolean {
  const ms = toUtcMs(text);
  return !Number.isNaN(ms) && fromUtcMs(ms) === text;
}

export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

export interface DayInfo {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  daysInMonth: number;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function dayInfo(date: string): DayInfo {
  const d = new Date(toUtcMs(date));
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return { year, month, day: d.getUTCDate(), weekday: d.getUTCDay() || 7, daysInMonth: daysIn(year, month) };
}

/** 'YYYY-MM' of a date. */
export function monthKey(date: string): string {
  return date.slice(0, 7);
}

/** All dates of the calendar month before the one `date` is in. */
export function previousMonthDays(date: string): string[] {
  const { year, month } = dayInfo(date);
  const start = fromUtcMs(Date.UTC(year, month - 2, 1));
  return eachDay(start, addDays(date.slice(0, 8) + '01', -1));
}

/** Inclusive list of dates from `from` to `to` (empty when from > to). */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  const end = toUtcMs(to);
  for (let ms = toUtcMs(from); ms <= end; ms += DAY_MS) out.push(fromUtcMs(ms));
  return out;
}

/** Day of month a monthly payment lands on: the given day (or the last), moved back off a weekend. */
export function businessDay(year: number, month: number, day: number | 'last'): number {
  let d = day === 'last' ? daysIn(year, month) : Math.min(day, daysIn(year, month));
  let weekday = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
  while (weekday === 0 || weekday === 6) {
    d--;
    weekday = (weekday + 6) % 7;
  }
  return d;
}

const zones = new Map<string, IANAZone>();
const offsets = new Map<string, number>();

function exactOffset(zone: string, epochMs: number): number {
  let z = zones.get(zone);
  if (!z) {
    z = IANAZone.create(zone);
    zones.set(zone, z);
  }
  return z.offset(epochMs);
}

/**
 * UTC offset of `zone` at an instant, in minutes. Cached per UTC day when the offset is the same at
 * both ends of the day, else per half hour (offsets change on the hour or half hour).
 */
function offsetMinutes(zone: string, epochMs: number): number {
  const day = Math.floor(epochMs / DAY_MS);
  const dayKey = `${zone}|d${day}`;
  let offset = offsets.get(dayKey);
  if (offset === undefined) {
    const start = exactOffset(zone, day * DAY_MS);
    offset = start === exactOffset(zone, (day + 1) * DAY_MS - 1) ? start : NaN;
    offsets.set(dayKey, offset);
  }
  if (!Number.isNaN(offset)) return offset;
  const key = `${zone}|h${Math.floor(epochMs / 1_800_000)}`;
  let exact = offsets.get(key);
  if (exact === undefined) {
    exact = exactOffset(zone, epochMs);
    offsets.set(key, exact);
  }
  return exact;
}

/**
 * Epoch milliseconds of a local wall-clock time (minutes after midnight) on `date` in `zone`.
 * A time skipped by a DST change moves forward by the gap, as clocks do.
 */
export function localInstant(date: string, minute: number, zone: string): number {
  const wall = toUtcMs(date) + minute * 60_000;
  const first = wall - offsetMinutes(zone, wall) * 60_000;
  const second = wall - offsetMinutes(zone, first) * 60_000;
  return offsetMinutes(zone, second) === offsetMinutes(zone, first) ? second : Math.max(first, second);
}

/** The local calendar date of an instant in `zone`. */
export function localDate(epochMs: number, zone: string): string {
  return fromUtcMs(epochMs + offsetMinutes(zone, epochMs) * 60_000);
}
