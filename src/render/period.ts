import { DateTime } from 'luxon';
import type { DateRange } from '../nlu/types';
import { shortDate } from './format';

/** Per zone, the last local day computed and the instants it spans: [start, end) in epoch ms. */
const days = new Map<string, { start: number; end: number; day: DateTime }>();

function today(now: Date, timezone: string): DateTime {
  const ms = now.getTime();
  const known = days.get(timezone);
  if (known && ms >= known.start && ms < known.end) return known.day;
  const day = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  if (day.isValid) {
    const start = day.toMillis();
    const end = day.plus({ days: 1 }).startOf('day').toMillis();
    if (ms >= start && ms < end) {
      if (days.size >= 256) days.clear();
      days.set(timezone, { start, end, day });
    }
  }
  return day;
}

function range(from: DateTime, to: DateTime, text: string): DateRange {
  return { from: from.toISODate() ?? '', to: to.toISODate() ?? '', text };
}

export type PeriodName = 'this_week' | 'last_week' | 'this_month' | 'last_month' | 'last_90_days';

/** Named periods in the customer's timezone; weeks start on Monday, "this …" ends today. */
export function namedPeriod(name: PeriodName, now: Date, timezone: string): DateRange {
  const d = today(now, timezone);
  switch (name) {
    case 'this_week':
      return range(d.startOf('week'), d, 'this week');
    case 'last_week': {
      const start = d.startOf('week').minus({ weeks: 1 });
      return range(start, start.endOf('week'), 'last week');
    }
    case 'this_month':
      return range(d.startOf('month'), d, 'this month so far');
    case 'last_month': {
      const start = d.startOf('month').minus({ months: 1 });
      return range(start, start.endOf('month'), 'last month');
    }
    case 'last_90_days':
      return range(d.minus({ days: 89 }), d, 'in the last 90 days');
  }
}

const LEADING_PREPOSITION =
  /^(last|this|since|in|on|during|over|yesterday|today|between|from|before|after|so far|the week|the month)\b/i;

const MONTHS =
  /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|easter)\b/g;

/** Lower case, but "since january" → "since January". */
function tidy(words: string): string {
  return words.toLowerCase().replace(MONTHS, (m) => m.charAt(0).toUpperCase() + m.slice(1));
}

/** How a period reads after "You spent £X on groceries …": "last month", "since March", "in the past 30 days". */
export function describePeriod(r: DateRange, timezone: string, locale?: string): string {
  const words = r.text
    ?.trim()
    .replace(/\s+/g, ' ')
    .replace(/[?.!]+$/, '');
  if (words) {
    const lower = tidy(words);
    if (
      /^(last|past|previous|prior)\s+(\d+|a few|few|couple|two|three|four|five|six|seven|eight|nine|ten|twelve)\b/.test(
        lower,
      )
    )
      return `in the ${lower}`;
    if (/^(past|previous|prior)\b/.test(lower)) return `in the ${lower}`;
    if (/^the\s+(past|previous|prior|last)\b/.test(lower)) return `in ${lower}`;
    if (LEADING_PREPOSITION.test(lower)) return lower;
    if (/^\d{1,2}(st|nd|rd|th)?\b|^\d{4}-/.test(lower)) return `on ${lower}`;
    return `in ${lower}`;
  }
  if (r.from === r.to) return `on ${shortDate(r.from, timezone, locale)}`;
  return `between ${shortDate(r.from, timezone, locale)} and ${shortDate(r.to, timezone, locale)}`;
}
