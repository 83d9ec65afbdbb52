import { DateTime } from 'luxon';
import { extractDateRange, findDateRange } from '../../../src/nlu/entities';
import { DATE_CASES, DEFAULT_NOW, DEFAULT_TZ, HELD_OUT_CASES } from '../../../bench/dates-cases';

/** Wednesday 18 March 2026, 10:00 local time, in each zone. */
const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
];
const localNow = (zone: string, iso = '2026-03-18T10:00') => DateTime.fromISO(iso, { zone }).toJSDate();

// [phrase, from, to] for "now" = Wed 2026-03-18 local.
const TABLE: Array<[string, string, string]> = [
  ['today', '2026-03-18', '2026-03-18'],
  ['what did I spend yesterday?', '2026-03-17', '2026-03-17'],
  ['this week', '2026-03-16', '2026-03-18'],
  ['last week', '2026-03-09', '2026-03-15'],
  ['this month', '2026-03-01', '2026-03-18'],
  ['last month', '2026-02-01', '2026-02-28'],
  ['this year', '2026-01-01', '2026-03-18'],
  ['last year', '2025-01-01', '2025-12-31'],
  ['past 30 days', '2026-02-17', '2026-03-18'],
  ['the last 30 days', '2026-02-17', '2026-03-18'],
  ['last 7 days', '2026-03-12', '2026-03-18'],
  ['past 2 weeks', '2026-03-05', '2026-03-18'],
  ['over the last 2 weeks', '2026-03-05', '2026-03-18'],
  ['in the past fortnight', '2026-03-05', '2026-03-18'],
  ['last 3 months', '2025-12-18', '2026-03-18'],
  ['past six months', '2025-09-18', '2026-03-18'],
  ['the last couple of weeks', '2026-03-05', '2026-03-18'],
  ['last 24 hours', '2026-03-17', '2026-03-18'],
  ['since March', '2026-03-01', '2026-03-18'],
  ['since April', '2025-04-01', '2026-03-18'],
  ['since 5 March', '2026-03-05', '2026-03-18'],
  ['since last Monday', '2026-03-16', '2026-03-18'],
  ['in October', '2025-10-01', '2025-10-31'],
  ['in October 2025', '2025-10-01', '2025-10-31'],
  ['in March', '2026-03-01', '2026-03-18'],
  ['last March', '2025-03-01', '2025-03-31'],
  ['during may', '2025-05-01', '2025-05-31'],
  ['in 2025', '2025-01-01', '2025-12-31'],
  ['between 1 and 10 March', '2026-03-01', '2026-03-10'],
  ['from 1 March to 10 March', '2026-03-01', '2026-03-10'],
  ['1st-10th March', '2026-03-01', '2026-03-10'],
  ['March 1-10', '2026-03-01', '2026-03-10'],
  ['between 5 and 20 March', '2026-03-05', '2026-03-18'],
  ['from October to January', '2025-10-01', '2026-01-31'],
  ['from December 2024 to February 2025', '2024-12-01', '2025-02-28'],
  ['March 3rd', '2026-03-03', '2026-03-03'],
  ['3 March', '2026-03-03', '2026-03-03'],
  ['on the 14th of February 2025', '2025-02-14', '2025-02-14'],
  ['March 20th', '2025-03-20', '2025-03-20'],
  ['on the 5th', '2026-03-05', '2026-03-05'],
  ['on Monday', '2026-03-16', '2026-03-16'],
  ['last Monday', '2026-03-16', '2026-03-16'],
  ['on Wednesday', '2026-03-18', '2026-03-18'],
  ['last Wednesday', '2026-03-11', '2026-03-11'],
  ['last fri', '2026-03-13', '2026-03-13'],
  ['Q1', '2026-01-01', '2026-03-18'],
  ['first quarter', '2026-01-01', '2026-03-18'],
  ['Q3 2025', '2025-07-01', '2025-09-30'],
  ['q3', '2025-07-01', '2025-09-30'],
  ['the fourth quarter of 2024', '2024-10-01', '2024-12-31'],
  ['2025 Q2', '2025-04-01', '2025-06-30'],
  ['this quarter', '2026-01-01', '2026-03-18'],
  ['last quarter', '2025-10-01', '2025-12-31'],
  ['this weekend', '2026-03-14', '2026-03-15'],
  ['last weekend', '2026-03-14', '2026-03-15'],
  ['over the weekend', '2026-03-14', '2026-03-15'],
  ['year to date', '2026-01-01', '2026-03-18'],
  ['YTD', '2026-01-01', '2026-03-18'],
  ['3 days ago', '2026-03-15', '2026-03-15'],
  ['since Christmas', '2025-12-25', '2026-03-18'],
  ['the month before last', '2026-01-01', '2026-01-31'],
  ['15/03/2026', '2026-03-15', '2026-03-15'],
  ['on 2026-03-02', '2026-03-02', '2026-03-02'],
];

describe('extractDateRange — phrase table in several timezones', () => {
  describe.each(ZONES)('%s', (timezone) => {
    const ctx = { now: localNow(timezone), timezone };
    test.each(TABLE)('%s → %s..%s', (phrase, from, to) => {
      expect(extractDateRange(phrase, ctx)).toMatchObject({ from, to });
    });
  });
});

describe('extractDateRange — labelled and held-out bench sets (bench/dates-cases.ts)', () => {
  test.each([...DATE_CASES, ...HELD_OUT_CASES].map((c) => [c.text, c.timezone ?? DEFAULT_TZ, c] as const))(
    '%s [%s]',
    (_t, timezone, c) => {
      const r = extractDateRange(c.text, { now: new Date(c.now ?? DEFAULT_NOW), timezone });
      expect(r && { from: r.from, to: r.to }).toEqual({ from: c.from, to: c.to });
    },
  );
});

describe('extractDateRange — other behaviour', () => {
  const ctx = { now: localNow('Europe/London'), timezone: 'Europe/London' };

  test('weekends and weekdays relative to a weekend day', () => {
    const sat = { now: localNow('Europe/London', '2026-03-21T15:00'), timezone: 'Europe/London' };
    const sun = { now: localNow('Europe/London', '2026-03-22T15:00'), timezone: 'Europe/London' };
    const mon = { now: localNow('Europe/London', '2026-03-16T09:00'), timezone: 'Europe/London' };
    expect(extractDateRange('this weekend', sat)).toMatchObject({ from: '2026-03-21', to: '2026-03-21' });
    expect(extractDateRange('this weekend', sun)).toMatchObject({ from: '2026-03-21', to: '2026-03-22' });
    expect(extractDateRange('last weekend', sun)).toMatchObject({ from: '2026-03-14', to: '2026-03-15' });
    expect(extractDateRange('on Monday', mon)).toMatchObject({ from: '2026-03-16', to: '2026-03-16' });
    expect(extractDateRange('last Monday', mon)).toMatchObject({ from: '2026-03-09', to: '2026-03-09' });
  });

  test('calendar-aware months at month ends and leap days', () => {
    const may31 = { now: localNow('UTC', '2026-05-31T12:00'), timezone: 'UTC' };
    expect(extractDateRange('last 3 months', may31)).toMatchObject({ from: '2026-02-28', to: '2026-05-31' });
    expect(extractDateRange('last month', may31)).toMatchObject({ from: '2026-04-01', to: '2026-04-30' });
    const leap = { now: localNow('UTC', '2028-02-29T12:00'), timezone: 'UTC' };
    expect(extractDateRange('last 12 months', leap)).toMatchObject({ from: '2027-02-28', to: '2028-02-29' });
    expect(extractDateRange('since February', leap)).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(extractDateRange('on 29 February', ctx)).toMatchObject({ from: '2024-02-29', to: '2024-02-29' });
  });

  test('never in the future: future-only phrases give nothing, ranges are clipped', () => {
    expect(extractDateRange('in 2030', ctx)).toBeUndefined();
    expect(extractDateRange('this Friday', ctx)).toBeUndefined();
    expect(extractDateRange('Q2 2026', ctx)).toBeUndefined();
    expect(extractDateRange('this year', ctx)?.to).toBe('2026-03-18');
    expect(extractDateRange('past 100000 years', ctx)).toMatchObject({
      from: '1900-01-01',
      to: '2026-03-18',
    });
  });

  test('echoes the words used, without a leading preposition, and reports the span', () => {
    expect(extractDateRange('spent on coffee in October', ctx)?.text).toBe('October');
    expect(extractDateRange('how much over the last 2 weeks?', ctx)?.text).toBe('the last 2 weeks');
    const found = findDateRange('coffee since March please', ctx);
    expect(found && 'coffee since March please'.slice(found.start, found.end)).toBe('since March');
  });

  test('not dates', () => {
    for (const text of [
      'may I see my balance',
      'show my last 5 transactions',
      'atm open at 5pm',
      '£1,234.56',
      'send Jan £20',
      'over 100',
      'SW1A 1AA',
      'hello',
    ]) {
      expect(extractDateRange(text, ctx)).toBeUndefined();
    }
  });

  test('defaults to UTC and the current clock; bad zones fall back to UTC', () => {
    const today = DateTime.utc().toISODate();
    expect(extractDateRange('today')).toMatchObject({ from: today, to: today });
    const now = new Date('2026-03-01T02:00:00Z');
    expect(extractDateRange('today', { now, timezone: 'Not/AZone' })).toMatchObject({ from: '2026-03-01' });
    expect(extractDateRange('today', { now: new Date(NaN) })).toMatchObject({ from: today });
  });

  test('does not depend on the process timezone (chrono fallback included)', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Pacific/Auckland', 'America/Los_Angeles']) {
        process.env.TZ = tz;
        expect(extractDateRange('15/03/2026', ctx)).toMatchObject({ from: '2026-03-15', to: '2026-03-15' });
        expect(extractDateRange('last month', ctx)).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  test('US zones read numeric dates month-first, others day-first', () => {
    const ny = { now: localNow('America/New_York'), timezone: 'America/New_York' };
    expect(extractDateRange('03/05/2026', ny)).toMatchObject({ from: '2026-03-05' });
    expect(extractDateRange('05/03/2026', ctx)).toMatchObject({ from: '2026-03-05' });
  });
});
