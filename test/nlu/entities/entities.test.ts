import { performance } from 'node:perf_hooks';
import { extractEntities } from '../../../src/nlu/entities';
import type { Entities } from '../../../src/nlu/types';

const ctx = { now: new Date('2026-03-18T12:00:00Z'), timezone: 'Europe/London' };

describe('extractEntities', () => {
  test.each<[string, Entities]>([
    [
      'how much did I spend at Starbucks last month',
      { dateRange: { from: '2026-02-01', to: '2026-02-28', text: 'last month' }, merchant: 'Starbucks' },
    ],
    ['spending in March', { dateRange: { from: '2026-03-01', to: '2026-03-18', text: 'March' } }],
    ['March spending', { dateRange: { from: '2026-03-01', to: '2026-03-18', text: 'March' } }],
    [
      'show my last 5 transactions over £20 on my credit card',
      { count: 5, amount: { amount: '20.00', currency: 'GBP' }, accountType: 'credit_card' },
    ],
    ['last 5 days', { dateRange: { from: '2026-03-14', to: '2026-03-18', text: 'last 5 days' } }],
    [
      'eating out this week',
      { dateRange: { from: '2026-03-16', to: '2026-03-18', text: 'this week' }, category: 'dining' },
    ],
    [
      'tesco this month',
      { dateRange: { from: '2026-03-01', to: '2026-03-18', text: 'this month' }, merchant: 'Tesco' },
    ],
    [
      'uber rides since Monday',
      { dateRange: { from: '2026-03-16', to: '2026-03-18', text: 'since Monday' }, merchant: 'Uber' },
    ],
    ['taxis and trains', { category: 'transport' }],
    ['ATM near SW1A 1AA', { place: 'SW1A 1AA' }],
    ['atm at Tesco Extra', { place: 'Tesco Extra' }],
    ['cash withdrawals at Tesco', { category: 'cash', merchant: 'Tesco' }],
    ['cash isa balance', { accountType: 'savings' }],
    [
      'payments over 100 from my current account between 1 and 10 March',
      {
        dateRange: { from: '2026-03-01', to: '2026-03-10', text: 'between 1 and 10 March' },
        amount: { amount: '100.00', currency: 'GBP' },
        accountType: 'checking',
      },
    ],
    ['nearest atm to 221B Baker Street', { place: '221B Baker Street' }],
    [
      'did I get paid this week',
      { dateRange: { from: '2026-03-16', to: '2026-03-18', text: 'this week' }, category: 'income' },
    ],
    [
      'Q1 groceries',
      { dateRange: { from: '2026-01-01', to: '2026-03-18', text: 'Q1' }, category: 'groceries' },
    ],
    ['hello there', {}],
    ['', {}],
  ])('%s', (text, expected) => {
    expect(extractEntities(text, ctx)).toEqual(expected);
  });

  test('passes the bank merchant list through', () => {
    expect(extractEntities('blue bottle last week', ctx, { knownMerchants: ['Blue Bottle'] }).merchant).toBe(
      'Blue Bottle',
    );
  });

  test('p50 well under 1 ms for typical messages', () => {
    const messages = [
      'how much did I spend on groceries last month?',
      'show my last 5 transactions',
      'what is my savings balance',
      'any payments over £100 this week',
      'ATM near Piccadilly Circus',
      'spent at Starbucks since March',
      'how much did I spend eating out in the past 30 days',
      'hi',
    ];
    for (const m of messages) extractEntities(m, ctx); // warm up
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      for (const m of messages) {
        const t0 = performance.now();
        extractEntities(m, ctx);
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(0.5);
  });
});
