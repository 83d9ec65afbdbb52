import fc from 'fast-check';
import { DateTime } from 'luxon';
import { fromMinor, toMinor } from '../../../src/money';
import {
  extractAccountType,
  extractAmount,
  extractCategory,
  extractCount,
  extractDateRange,
  extractEntities,
  extractMerchant,
  extractPlace,
} from '../../../src/nlu/entities';

const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Nope/Nowhere',
];
const FRAGMENTS = [
  'last',
  'past',
  'this',
  'the',
  'in',
  'on',
  'since',
  'between',
  'from',
  'to',
  'and',
  'over',
  'ago',
  '-',
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'year',
  'years',
  'fortnight',
  'hours',
  'weekend',
  'quarter',
  'today',
  'yesterday',
  'ytd',
  'Q1',
  'Q4',
  'first',
  'March',
  'feb',
  'may',
  'December',
  'Monday',
  'sun',
  '1',
  '3rd',
  '10',
  '29',
  '31',
  '0',
  '30',
  '99999',
  '2025',
  '2026',
  '2031',
  '1899',
  'a',
  'couple',
  'of',
  'few',
  '£',
  '$',
  '50',
  '1.5k',
  'quid',
  'p',
  '€20',
  '1,234.56',
  'GBP',
  'over',
  'show',
  'transactions',
  'at',
  'Tesco',
  'near',
  'SW1A',
  '1AA',
  'M1',
  'atm',
  '15/03/2026',
  '2026-02-30',
  '.',
  ',',
  '?',
];
const phrase = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }).map((w) => w.join(' '));
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), phrase);
const ctxArb = fc.record({
  timezone: fc.constantFrom(...ZONES),
  now: fc.date({
    min: new Date('1990-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  currency: fc.constantFrom('GBP', 'USD', 'EUR', 'JPY', 'BHD'),
});
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('property: date ranges', () => {
  test('never throws; from ≤ to ≤ today (in the user zone); dates are real YYYY-MM-DD', () => {
    fc.assert(
      fc.property(anyText, ctxArb, (text, ctx) => {
        const r = extractDateRange(text, ctx);
        if (!r) return;
        let zoned = DateTime.fromJSDate(ctx.now, { zone: ctx.timezone });
        if (!zoned.isValid) zoned = DateTime.fromJSDate(ctx.now, { zone: 'UTC' });
        const today = zoned.toISODate() ?? '';
        expect(r.from).toMatch(ISO_DATE);
        expect(r.to).toMatch(ISO_DATE);
        expect(DateTime.fromISO(r.from).isValid && DateTime.fromISO(r.to).isValid).toBe(true);
        expect(r.from <= r.to).toBe(true);
        expect(r.to <= today).toBe(true);
        expect(text).toContain(r.text);
      }),
      { numRuns: 800 },
    );
  });
});

describe('property: amounts', () => {
  test('always a valid decimal string that round-trips through toMinor/fromMinor', () => {
    fc.assert(
      fc.property(anyText, ctxArb, (text, ctx) => {
        const m = extractAmount(text, ctx);
        if (!m) return;
        expect(m.amount).toMatch(/^\d+(?:\.\d+)?$/);
        expect(m.currency).toMatch(/^[A-Z]{3}$/);
        expect(fromMinor(toMinor(m), m.currency)).toEqual(m);
      }),
      { numRuns: 800 },
    );
  });

  test('reads back any amount written with a symbol, separators or a currency code', () => {
    const written = fc.record({
      minor: fc.bigInt({ min: 1n, max: 10n ** 15n }),
      style: fc.constantFrom('£', 'GBP ', ' GBP', ' quid', 'over ', '£,'),
    });
    fc.assert(
      fc.property(written, ({ minor, style }) => {
        const m = fromMinor(minor, 'GBP');
        const grouped = m.amount.replace(/^(\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
        const text =
          style === '£'
            ? `£${m.amount}`
            : style === '£,'
              ? `£${grouped}`
              : style.startsWith(' ')
                ? `${m.amount}${style}`
                : `${style}${m.amount}`;
        expect(extractAmount(`payments ${text} please`)).toEqual(m);
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: no extractor throws on random input', () => {
  test.each([
    ['extractEntities', (t: string, c: object) => extractEntities(t, c)],
    ['extractAccountType', (t: string) => extractAccountType(t)],
    ['extractCategory', (t: string) => extractCategory(t)],
    ['extractMerchant', (t: string) => extractMerchant(t, ['Blue Bottle', '', 'Ünïcødé Café'])],
    ['extractCount', (t: string, c: object) => extractCount(t, c)],
    ['extractPlace', (t: string, c: object) => extractPlace(t, c)],
  ])('%s', (_name, fn) => {
    fc.assert(
      fc.property(anyText, ctxArb, (text, ctx) => {
        fn(text, ctx);
      }),
      { numRuns: 400 },
    );
  });

  test('counts are positive integers; merchants and places are non-empty text from the message', () => {
    fc.assert(
      fc.property(anyText, ctxArb, (text, ctx) => {
        const e = extractEntities(text, ctx);
        if (e.count !== undefined) expect(Number.isInteger(e.count) && e.count > 0).toBe(true);
        if (e.merchant !== undefined) expect(e.merchant.trim()).not.toBe('');
        if (e.place !== undefined) expect(e.place.trim()).not.toBe('');
      }),
      { numRuns: 400 },
    );
  });
});
