import { DateTime } from 'luxon';

/**
 * The common subset of OpenStreetMap `opening_hours`: "24/7", "Mo-Fr 08:00-18:00; Sa 09:00-17:00",
 * day lists ("Mo,We,Fr"), wrapping ranges ("Fr-Mo"), several spans ("08:00-12:00,13:00-17:00"),
 * overnight spans ("22:00-02:00"), "off"/"closed", and additional rules after a comma. Later
 * `;` rules replace earlier ones for the days they name. Public-holiday (PH) selectors are ignored.
 */

/** [start, end) in minutes after local midnight; `end` may pass 1440 for overnight spans. */
type Interval = [number, number];

interface Schedule {
  /** Index 0 = Monday. Empty = closed. */
  days: Interval[][];
  /** Days a rule explicitly marked "off". */
  off: boolean[];
}

const DAY_CODES = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY = '(?:mo|tu|we|th|fr|sa|su|ph)';
const DAY_ITEM = `${DAY}(?:\\s*-\\s*${DAY})?`;
const RULE = new RegExp(`^(${DAY_ITEM}(?:\\s*,\\s*${DAY_ITEM})*)?\\s*(.*)$`, 'i');
const ADDITIONAL = new RegExp(`(?<=\\d|off|closed)\\s*,\\s*(?=${DAY}\\b)`, 'i');
const SPAN = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;
const FULL_DAY: Interval = [0, 1440];

function parseDays(selector: string | undefined): number[] | undefined {
  if (!selector) return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const item of selector.toLowerCase().split(',')) {
    const [a, b] = item.split('-').map((s) => s.trim());
    if (a === 'ph' || b === 'ph') {
      if (b !== undefined) return undefined;
      continue;
    }
    const start = DAY_CODES.indexOf(a ?? '');
    const end = b === undefined ? start : DAY_CODES.indexOf(b);
    if (start < 0 || end < 0) return undefined;
    for (let d = start; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === end) break;
    }
  }
  return [...days];
}

function parseSpans(text: string): Interval[] | undefined {
  const spans: Interval[] = [];
  for (const part of text.split(',')) {
    const m = SPAN.exec(part.trim());
    if (!m) return undefined;
    const [sh, sm, eh, em] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    if (sh > 24 || eh > 48 || sm > 59 || em > 59) return undefined;
    const start = sh * 60 + sm;
    let end = eh * 60 + em;
    if (start >= 1440) return undefined;
    if (end <= start) end += 1440;
    if (end - start > 1440) return undefined;
    spans.push([start, end]);
  }
  return spans;
}

function parseSchedule(input: string): Schedule | undefined {
  const text = input.trim();
  if (!text) return undefined;
  const schedule: Schedule = { days: DAY_CODES.map(() => []), off: DAY_CODES.map(() => false) };
  for (const rule of text.split(';').map((r) => r.trim())) {
    if (!rule) continue;
    rule.split(ADDITIONAL).forEach((part, index) => {
      if (!applyRule(schedule, part.trim(), index > 0)) throw new SyntaxError(part);
    });
  }
  return schedule;
}

function applyRule(schedule: Schedule, part: string, additional: boolean): boolean {
  if (/^24\/7$/.test(part)) return applyRule(schedule, 'Mo-Su 00:00-24:00', additional);
  const m = RULE.exec(part);
  if (!m) return false;
  const days = parseDays(m[1]);
  const rest = (m[2] ?? '').trim().toLowerCase();
  if (!days) return false;
  if (!m[1] && !rest) return false;
  const closed = rest === 'off' || rest === 'closed';
  const spans = closed ? [] : rest === '' || rest === 'open' ? [FULL_DAY] : parseSpans(rest);
  if (!spans) return false;
  for (const d of days) {
    schedule.days[d] = additional && !closed ? [...(schedule.days[d] ?? []), ...spans] : spans;
    schedule.off[d] = closed;
  }
  return true;
}

function safeParse(openingHours: string): Schedule | undefined {
  try {
    return parseSchedule(openingHours);
  } catch {
    return undefined;
  }
}

/** Whether a place with these OSM opening hours is open at `date`, in `timezone`; undefined if unknown. */
export function isOpenAt(openingHours: string, date: Date, timezone: string): boolean | undefined {
  const schedule = safeParse(openingHours);
  if (!schedule) return undefined;
  const local = DateTime.fromJSDate(date, { zone: timezone });
  if (!local.isValid) return undefined;
  const today = local.weekday - 1;
  const minute = local.hour * 60 + local.minute;
  const yesterday = (today + 6) % 7;
  return (
    (schedule.days[today] ?? []).some(([s, e]) => minute >= s && minute < e) ||
    (schedule.days[yesterday] ?? []).some(([, e]) => e > 1440 && minute < e - 1440)
  );
}

function clock(minutes: number): string {
  const m = minutes > 1440 ? minutes - 1440 : minutes;
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

function spansText(spans: Interval[]): string {
  if (spans.length === 1 && spans[0]?.[0] === 0 && spans[0]?.[1] === 1440) return '24 hours';
  return spans.map(([s, e]) => `${clock(s)}–${clock(e)}`).join(' and ');
}

/** "Mon–Fri", "Sat", "Mon, Wed & Fri", "Fri–Mon", "Daily". Days are 0 = Monday … 6 = Sunday. */
function daysText(days: number[]): string {
  if (days.length === 7) return 'Daily';
  const set = new Set(days);
  // Start after a day that is not included, so a run like Fri–Mon stays in one piece.
  const first = [0, 1, 2, 3, 4, 5, 6].find((d) => set.has(d) && !set.has((d + 6) % 7)) as number;
  const runs: string[] = [];
  for (let k = 0; k < 7; k++) {
    const d = (first + k) % 7;
    if (!set.has(d) || (k > 0 && set.has((d + 6) % 7))) continue;
    let end = d;
    while (set.has((end + 1) % 7) && (end + 1) % 7 !== first) end = (end + 1) % 7;
    const name = DAY_NAMES[d] as string;
    const length = (end - d + 7) % 7;
    runs.push(length === 0 ? name : `${name}${length === 1 ? ' & ' : '–'}${DAY_NAMES[end]}`);
  }
  if (runs.length === 1) return runs[0] as string;
  return `${runs.slice(0, -1).join(', ')} & ${runs[runs.length - 1]}`;
}

/** A short human summary: "Open 24 hours", "Mon–Fri 8:00–18:00, Sat 9:00–17:00". */
export function describeHours(openingHours: string): string {
  const schedule = safeParse(openingHours);
  if (!schedule) return openingHours.trim();
  const keys = schedule.days.map((spans, d) =>
    spans.length ? spansText([...spans].sort((a, b) => a[0] - b[0])) : schedule.off[d] ? 'closed' : '',
  );
  if (keys.every((k) => k === '24 hours')) return 'Open 24 hours';
  if (keys.every((k) => k === '' || k === 'closed')) return 'Closed';
  const groups = new Map<string, number[]>();
  keys.forEach((key, d) => {
    if (key) groups.set(key, [...(groups.get(key) ?? []), d]);
  });
  return [...groups].map(([key, days]) => `${daysText(days)} ${key}`).join(', ');
}
