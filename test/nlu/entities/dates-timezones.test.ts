import { extractDateRange } from '../../../src/nlu/entities';

type Row = [instant: string, timezone: string, phrase: string, from: string, to: string];

describe('extractDateRange — timezone edges (midnight and DST)', () => {
  const rows: Row[] = [
    // 2026-03-01T02:00Z: still Saturday 28 Feb in Los Angeles, already 1 March in London.
    ['2026-03-01T02:00:00Z', 'America/Los_Angeles', 'today', '2026-02-28', '2026-02-28'],
    ['2026-03-01T02:00:00Z', 'America/Los_Angeles', 'this month', '2026-02-01', '2026-02-28'],
    ['2026-03-01T02:00:00Z', 'America/Los_Angeles', 'last month', '2026-01-01', '2026-01-31'],
    ['2026-03-01T02:00:00Z', 'America/Los_Angeles', 'this weekend', '2026-02-28', '2026-02-28'],
    ['2026-03-01T02:00:00Z', 'Europe/London', 'today', '2026-03-01', '2026-03-01'],
    ['2026-03-01T02:00:00Z', 'Europe/London', 'this month', '2026-03-01', '2026-03-01'],
    ['2026-03-01T02:00:00Z', 'Europe/London', 'last month', '2026-02-01', '2026-02-28'],
    ['2026-03-01T02:00:00Z', 'Europe/London', 'this weekend', '2026-02-28', '2026-03-01'],
    // Europe/London springs forward at 01:00 UTC on Sunday 29 March 2026.
    ['2026-03-29T00:30:00Z', 'Europe/London', 'today', '2026-03-29', '2026-03-29'], // 00:30 GMT
    ['2026-03-29T00:59:59Z', 'Europe/London', 'yesterday', '2026-03-28', '2026-03-28'],
    ['2026-03-29T01:00:00Z', 'Europe/London', 'today', '2026-03-29', '2026-03-29'], // 02:00 BST
    ['2026-03-29T22:59:59Z', 'Europe/London', 'today', '2026-03-29', '2026-03-29'], // 23:59:59 BST
    ['2026-03-29T23:30:00Z', 'Europe/London', 'today', '2026-03-30', '2026-03-30'], // 00:30 BST Monday
    ['2026-03-29T23:30:00Z', 'Europe/London', 'yesterday', '2026-03-29', '2026-03-29'],
    ['2026-03-29T23:30:00Z', 'Europe/London', 'this week', '2026-03-30', '2026-03-30'],
    ['2026-03-29T23:30:00Z', 'Europe/London', 'last week', '2026-03-23', '2026-03-29'],
    ['2026-03-29T23:30:00Z', 'Europe/London', 'last 7 days', '2026-03-24', '2026-03-30'],
    ['2026-03-29T23:30:00Z', 'Europe/London', 'last weekend', '2026-03-28', '2026-03-29'],
    ['2026-03-29T23:30:00Z', 'UTC', 'today', '2026-03-29', '2026-03-29'],
    // ...and falls back at 01:00 UTC on Sunday 25 October 2026.
    ['2026-10-24T23:30:00Z', 'Europe/London', 'today', '2026-10-25', '2026-10-25'], // 00:30 BST
    ['2026-10-25T23:30:00Z', 'Europe/London', 'today', '2026-10-25', '2026-10-25'], // 23:30 GMT
    ['2026-10-26T00:00:00Z', 'Europe/London', 'yesterday', '2026-10-25', '2026-10-25'],
    // America/New_York springs forward on Sunday 8 March 2026 (02:00 EST → 03:00 EDT).
    ['2026-03-08T06:30:00Z', 'America/New_York', 'today', '2026-03-08', '2026-03-08'], // 01:30 EST
    ['2026-03-08T07:30:00Z', 'America/New_York', 'today', '2026-03-08', '2026-03-08'], // 03:30 EDT
    ['2026-03-09T03:30:00Z', 'America/New_York', 'today', '2026-03-08', '2026-03-08'], // 23:30 EDT
    ['2026-03-09T04:30:00Z', 'America/New_York', 'today', '2026-03-09', '2026-03-09'], // 00:30 EDT Monday
    ['2026-03-09T04:30:00Z', 'America/New_York', 'this week', '2026-03-09', '2026-03-09'],
    ['2026-03-09T04:30:00Z', 'America/New_York', 'last weekend', '2026-03-07', '2026-03-08'],
    ['2026-03-09T03:30:00Z', 'America/New_York', 'last weekend', '2026-02-28', '2026-03-01'],
    ['2026-03-09T03:30:00Z', 'America/New_York', 'this weekend', '2026-03-07', '2026-03-08'],
    // New York falls back on Sunday 1 November 2026.
    ['2026-11-01T05:30:00Z', 'America/New_York', 'today', '2026-11-01', '2026-11-01'], // 01:30 EDT
    ['2026-11-01T06:30:00Z', 'America/New_York', 'today', '2026-11-01', '2026-11-01'], // 01:30 EST
    ['2026-11-02T04:59:00Z', 'America/New_York', 'today', '2026-11-01', '2026-11-01'],
    // Quarter and year boundaries far from UTC.
    ['2026-03-31T15:30:00Z', 'Asia/Tokyo', 'this month', '2026-04-01', '2026-04-01'],
    ['2026-03-31T15:30:00Z', 'Asia/Tokyo', 'this quarter', '2026-04-01', '2026-04-01'],
    ['2026-03-31T15:30:00Z', 'Asia/Tokyo', 'Q1', '2026-01-01', '2026-03-31'],
    ['2026-03-31T15:30:00Z', 'America/Los_Angeles', 'this quarter', '2026-01-01', '2026-03-31'],
    ['2025-12-31T11:00:00Z', 'Pacific/Kiritimati', 'this year', '2026-01-01', '2026-01-01'],
    ['2025-12-31T11:00:00Z', 'Pacific/Kiritimati', 'last year', '2025-01-01', '2025-12-31'],
    ['2025-12-31T11:00:00Z', 'Pacific/Pago_Pago', 'this year', '2025-01-01', '2025-12-31'],
    ['2026-01-01T00:30:00Z', 'America/Los_Angeles', 'ytd', '2025-01-01', '2025-12-31'],
    // Half-hour zones and zones whose DST change is at midnight.
    ['2026-03-18T18:45:00Z', 'Asia/Kolkata', 'today', '2026-03-19', '2026-03-19'],
    ['2026-09-06T04:30:00Z', 'America/Santiago', 'today', '2026-09-06', '2026-09-06'],
  ];

  test.each(rows)('%s %s "%s" → %s..%s', (instant, timezone, phrase, from, to) => {
    const r = extractDateRange(phrase, { now: new Date(instant), timezone });
    expect(r && { from: r.from, to: r.to }).toEqual({ from, to });
  });
});
