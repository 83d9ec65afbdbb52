/**
 * Compares date-range extraction on the labelled set in bench/dates-cases.ts:
 *   (a) chrono-node (en-GB), (b) @microsoft/recognizers-text-suite DateTimeV2,
 *   (c) Teller's extractDateRange (own rules + chrono-node fallback), which is what src/ uses.
 * Each library gets only minimal glue: the user's wall-clock time as its reference, its
 * result turned into inclusive YYYY-MM-DD dates, and `to` clipped to today.
 *
 * Run: npx tsx bench/dates-compare.ts [--verbose]
 */
import * as chrono from 'chrono-node';
import * as Recognizers from '@microsoft/recognizers-text-suite';
import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import { extractDateRange } from '../src/nlu/entities';
import { DATE_CASES, DEFAULT_NOW, DEFAULT_TZ, HELD_OUT_CASES, type DateCase } from './dates-cases';

interface Range {
  from: string;
  to: string;
}
type Parser = (text: string, now: Date, timezone: string) => Range | undefined;

/** A Date whose *process-local* fields show the user's wall clock, as both libraries read local fields. */
function wallClock(now: Date, timezone: string): { ref: Date; today: string } {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const ref = new Date(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return { ref, today: local.toISODate() ?? '' };
}

function clip(from: string, to: string, today: string): Range | undefined {
  const end = to > today ? today : to;
  return from <= end ? { from, to: end } : undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const parseChrono: Parser = (text, now, timezone) => {
  const { ref, today } = wallClock(now, timezone);
  const r = chrono.en.GB.parse(text, ref, { forwardDate: false })[0];
  if (!r) return undefined;
  const day = (c: chrono.ParsedComponents): string =>
    `${c.get('year')}-${pad(c.get('month') ?? 1)}-${pad(c.get('day') ?? 1)}`;
  const start = DateTime.fromISO(day(r.start));
  let from = start;
  let end = r.end ? DateTime.fromISO(day(r.end)) : start;
  // A bare month or year ("October", "2025") is certain only about that unit: widen to it.
  const c = r.start;
  if (!r.end && !c.isCertain('day') && !c.isCertain('weekday')) {
    if (c.isCertain('month')) [from, end] = [start.startOf('month'), start.endOf('month')];
    else if (c.isCertain('year')) [from, end] = [start.startOf('year'), start.endOf('year')];
  }
  return clip(from.toISODate() ?? '', end.toISODate() ?? '', today);
};

interface RecValue {
  type?: string;
  start?: string;
  end?: string;
  value?: string;
  Mod?: string;
}

const parseRecognizers: Parser = (text, now, timezone) => {
  const { ref, today } = wallClock(now, timezone);
  const results = Recognizers.recognizeDateTime(text, Recognizers.Culture.English, undefined, ref);
  for (const res of results) {
    const values = ((res.resolution as { values?: RecValue[] } | undefined)?.values ?? []).filter(
      (v) => (v.start ?? v.value ?? '9999') <= today,
    );
    // Ambiguous phrases ("October") resolve to past and future candidates: take the latest past one.
    const v = values[values.length - 1];
    if (!v) continue;
    const date = (s: string): string => s.slice(0, 10);
    if (v.value && /^date(time)?$/.test(v.type ?? '')) return clip(date(v.value), date(v.value), today);
    if (!v.start) continue;
    // Range ends are exclusive in recognizers' resolution; an open end ("since March") runs to today.
    const end = v.end ? (DateTime.fromISO(date(v.end)).minus({ days: 1 }).toISODate() ?? '') : today;
    return clip(date(v.start), end, today);
  }
  return undefined;
};

const parseTeller: Parser = (text, now, timezone) => {
  const r = extractDateRange(text, { now, timezone });
  return r ? { from: r.from, to: r.to } : undefined;
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function run(name: string, parse: Parser, verbose: boolean, cases: DateCase[] = DATE_CASES) {
  const coldStart = performance.now();
  parse('warm up last week', new Date(DEFAULT_NOW), DEFAULT_TZ);
  const coldMs = performance.now() - coldStart;
  const times: number[] = [];
  const failures: string[] = [];
  let correct = 0;
  for (const c of cases) {
    const now = new Date(c.now ?? DEFAULT_NOW);
    const tz = c.timezone ?? DEFAULT_TZ;
    let got: Range | undefined;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      try {
        got = parse(c.text, now, tz);
      } catch {
        got = undefined;
      }
      times.push(performance.now() - t0);
    }
    if (got && got.from === c.from && got.to === c.to) correct++;
    else
      failures.push(
        `${c.text} [${tz}] want ${c.from}..${c.to} got ${got ? `${got.from}..${got.to}` : 'nothing'}`,
      );
  }
  return {
    library: name,
    correct,
    total: cases.length,
    p50Ms: Number(median(times).toFixed(4)),
    firstCallMs: Number(coldMs.toFixed(1)),
    ...(verbose ? { failures } : {}),
  };
}

const verbose = process.argv.includes('--verbose');
const parsers: Array<[string, Parser]> = [
  ['chrono-node', parseChrono],
  ['@microsoft/recognizers-text-suite', parseRecognizers],
  ['teller (own rules + chrono-node fallback)', parseTeller],
];
const report = {
  labelled: parsers.map(([name, parse]) => run(name, parse, verbose)),
  // Teller's rules were written against the labelled set, so they are also scored on held-out phrasings.
  heldOut: parsers.map(([name, parse]) => run(name, parse, verbose, HELD_OUT_CASES)),
};
console.log(JSON.stringify(report, null, 2));
