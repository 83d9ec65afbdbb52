/**
 * chrono-node, in strict mode, for absolute dates the rules do not cover ("15/03/2026",
 * "2026-03-05", "Mar 5th, 2025"). Day-first for the UK/Europe, month-first for US zones.
 * Results that are only a time of day ("at 5pm") are ignored.
 */
import { Chrono, en, type ParsedComponents } from 'chrono-node';
import { day, monthPeriod, single, unitOf, type Day, type Period } from './calendar';

let littleEndian: Chrono | undefined;

function parserFor(timezone: string | undefined): Chrono {
  if (timezone && /^(America|US|Canada|Pacific\/Honolulu)/.test(timezone)) return en.strict;
  littleEndian ??= new Chrono(en.configuration.createConfiguration(true, true));
  return littleEndian;
}

function toPeriod(c: ParsedComponents, today: Day): Period | undefined {
  const year = c.get('year');
  const month = c.get('month');
  if (year === null || month === null) return undefined;
  if (c.isCertain('day')) {
    let d = day(year, month, c.get('day') ?? 1);
    // No year given and it lands in the future: the user means the last one.
    if (d && d > today && !c.isCertain('year')) d = day(year - 1, month, d.day);
    return d && single(d);
  }
  if (c.isCertain('month')) return monthPeriod(year, month);
  const first = c.isCertain('year') ? day(year, 1, 1) : undefined;
  return first && unitOf(first, 'year');
}

export interface FallbackMatch {
  start: number;
  end: number;
  period: Period;
}

export function chronoDate(
  text: string,
  today: Day,
  timezone: string | undefined,
): FallbackMatch | undefined {
  if (!/\d/.test(text)) return undefined;
  const ref = new Date(today.year, today.month - 1, today.day, 12);
  for (const r of parserFor(timezone).parse(text, ref, { forwardDate: false })) {
    if (!r.start.isCertain('day') && !r.start.isCertain('month') && !r.start.isCertain('year')) continue;
    const from = toPeriod(r.start, today);
    const to = r.end ? toPeriod(r.end, today) : from;
    if (from && to && from.from <= to.to) {
      return { start: r.index, end: r.index + r.text.length, period: { from: from.from, to: to.to } };
    }
  }
  return undefined;
}
