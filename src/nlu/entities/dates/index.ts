/**
 * Date-range extraction: Teller's own rules (relative phrases, quarters, "past N days", ranges),
 * with chrono-node as a fallback for absolute dates. bench/dates-compare.ts and
 * docs/date-library.md record why.
 */
import type { DateRange, ParseContext } from '../../types';
import { allMatches, type Found } from '../text';
import { clip, isoDate, localToday, type Period } from './calendar';
import { chronoDate } from './fallback';
import { ALL_RULES } from './ranges';

interface Candidate {
  start: number;
  end: number;
  order: number;
  period: Period | undefined;
}

const LEADING_PREPOSITION = /^(?:in|on|over|during|within|for|at|throughout)\s+/i;

/** The best date range in the text, with its span. Longest phrase wins; ties go to the earlier one. */
export function findDateRange(text: string, ctx?: ParseContext): Found<DateRange> | undefined {
  const today = localToday(ctx);
  const candidates: Candidate[] = [];
  ALL_RULES.forEach((r, order) => {
    for (const m of allMatches(r.re, text)) {
      candidates.push({ start: m.index, end: m.index + m[0].length, order, period: r.build(m, today) });
    }
  });
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.order - b.order);
  for (const c of candidates) {
    const period = clip(c.period, today);
    if (period) return found(text, c.start, c.end, period);
  }
  const fallback = chronoDate(text, today, ctx?.timezone);
  const period = fallback && clip(fallback.period, today);
  return fallback && period ? found(text, fallback.start, fallback.end, period) : undefined;
}

function found(text: string, start: number, end: number, period: Period): Found<DateRange> {
  const words = text.slice(start, end).replace(LEADING_PREPOSITION, '').trim();
  return { start, end, value: { from: isoDate(period.from), to: isoDate(period.to), text: words } };
}

/**
 * A local calendar range in `ctx.timezone` (default UTC) relative to `ctx.now` (default the clock),
 * both ends inclusive, never ending after today.
 */
export function extractDateRange(text: string, ctx?: ParseContext): DateRange | undefined {
  return findDateRange(text, ctx)?.value;
}
