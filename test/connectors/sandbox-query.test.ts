import { DateTime } from 'luxon';
import type { Transaction } from '../../src/connectors/types';
import { allTransactions, grantFor, makeBank, NOW } from './sandbox-fixtures';

const bank = makeBank();
const localDay = (t: Transaction, zone: string) => DateTime.fromISO(t.date, { zone }).toISODate() as string;
const amelia = grantFor('cust_amelia');
const sofia = grantFor('cust_sofia');

describe('SandboxBank.transactions date ranges', () => {
  it('is inclusive at both ends and newest first', async () => {
    const txs = await bank.transactions(amelia, { from: '2025-02-03', to: '2025-02-09' });
    const days = txs.map((t) => localDay(t, 'Europe/London'));
    expect(days[0]).toBe('2025-02-09');
    expect(days[days.length - 1]).toBe('2025-02-03');
    expect(new Set(days).size).toBe(7);
    const sorted = [...txs].sort((a, b) =>
      a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? 1 : -1,
    );
    expect(txs).toEqual(sorted);
  });

  it('splits a range into days without losing or duplicating anything', async () => {
    const week = await bank.transactions(sofia, {
      from: '2025-01-27',
      to: '2025-02-02',
      timezone: 'America/New_York',
    });
    const byDay: Transaction[] = [];
    for (let d = 27; d <= 33; d++) {
      const date = DateTime.fromISO('2025-01-01')
        .plus({ days: d - 1 })
        .toISODate() as string;
      byDay.push(...(await bank.transactions(sofia, { from: date, to: date, timezone: 'America/New_York' })));
    }
    expect(new Set(byDay.map((t) => t.id))).toEqual(new Set(week.map((t) => t.id)));
    expect(byDay).toHaveLength(week.length);
  });

  it('reads the dates in the query timezone, defaulting to the connector timezone', async () => {
    const all = await allTransactions(bank, 'cust_sofia');
    // An evening purchase in New York is already tomorrow in London.
    const late = all.find((t) => localDay(t, 'America/New_York') !== localDay(t, 'Europe/London'));
    if (!late) throw new Error('expected an evening transaction');
    const nyDay = localDay(late, 'America/New_York');
    const londonDay = localDay(late, 'Europe/London');
    const ids = async (query: { from: string; to: string; timezone?: string }, b = bank) =>
      (await b.transactions(sofia, query)).map((t) => t.id);

    expect(await ids({ from: nyDay, to: nyDay, timezone: 'America/New_York' })).toContain(late.id);
    expect(await ids({ from: nyDay, to: nyDay, timezone: 'Europe/London' })).not.toContain(late.id);
    expect(await ids({ from: londonDay, to: londonDay })).toContain(late.id);
    const nyBank = makeBank({ timezone: 'America/New_York' });
    expect(await ids({ from: nyDay, to: nyDay }, nyBank)).toContain(late.id);

    for (const t of await bank.transactions(sofia, { from: nyDay, to: nyDay, timezone: 'Asia/Tokyo' })) {
      expect(localDay(t, 'Asia/Tokyo')).toBe(nyDay);
    }
  });

  it('never returns anything before the window or after now', async () => {
    const info = bank.ledgerInfo('cust_amelia');
    const before = await bank.transactions(amelia, {
      from: '2020-01-01',
      to: DateTime.fromISO(info.from).minus({ days: 1 }).toISODate() as string,
    });
    expect(before).toEqual([]);
    const future = await bank.transactions(amelia, { from: '2025-03-16', to: '2026-01-01' });
    expect(future).toEqual([]);
    const today = await bank.transactions(amelia, { from: '2025-03-15', to: '2025-03-15' });
    expect(today.every((t) => Date.parse(t.date) <= NOW.getTime())).toBe(true);
  });

  it('returns nothing for a reversed range and rejects malformed dates or zones', async () => {
    expect(await bank.transactions(amelia, { from: '2025-03-10', to: '2025-03-01' })).toEqual([]);
    const bad = { code: 'TELLER_ERR_CONNECTOR_QUERY' };
    await expect(bank.transactions(amelia, { from: '2025-3-1', to: '2025-03-10' })).rejects.toMatchObject(
      bad,
    );
    await expect(bank.transactions(amelia, { from: '2025-02-30', to: '2025-03-10' })).rejects.toMatchObject(
      bad,
    );
    await expect(
      bank.transactions(amelia, { from: '2025-03-01', to: '2025-03-10', timezone: 'Mars/Olympus' }),
    ).rejects.toMatchObject(bad);
  });
});

describe('SandboxBank.transactions filters', () => {
  const range = { from: '2024-09-01', to: '2025-03-15' };

  it('filters by account ids', async () => {
    const txs = await bank.transactions(amelia, { ...range, accountIds: ['acc_amelia_card'] });
    expect(txs.length).toBeGreaterThan(20);
    expect(txs.every((t) => t.accountId === 'acc_amelia_card')).toBe(true);
    expect(await bank.transactions(amelia, { ...range, accountIds: ['acc_sofia_card'] })).toEqual([]);
  });

  it('filters by category and direction', async () => {
    const groceries = await bank.transactions(amelia, { ...range, category: 'groceries' });
    expect(groceries.length).toBeGreaterThan(20);
    expect(groceries.every((t) => t.category === 'groceries')).toBe(true);
    const credits = await bank.transactions(amelia, { ...range, direction: 'credit' });
    expect(credits.length).toBeGreaterThan(5);
    expect(credits.every((t) => t.direction === 'credit')).toBe(true);
    const income = await bank.transactions(amelia, { ...range, category: 'income', direction: 'debit' });
    expect(income).toEqual([]);
  });

  it('matches merchants case-insensitively by substring, ignoring punctuation', async () => {
    const all = await bank.transactions(amelia, range);
    const pret = await bank.transactions(amelia, { ...range, merchant: 'PRET' });
    expect(pret.length).toBeGreaterThan(0);
    expect(pret).toEqual(all.filter((t) => t.merchant === 'Pret A Manger'));
    const sainsburys = await bank.transactions(amelia, { ...range, merchant: 'sainsburys' });
    expect(sainsburys.length).toBeGreaterThan(0);
    expect(sainsburys.every((t) => t.merchant === "Sainsbury's")).toBe(true);
    expect(await bank.transactions(amelia, { ...range, merchant: "sainsbury's" })).toEqual(sainsburys);
    expect(await bank.transactions(amelia, { ...range, merchant: 'No Such Shop' })).toEqual([]);
  });

  it('includes pending transactions unless told not to', async () => {
    const recent = { from: '2025-03-01', to: '2025-03-15' };
    const withPending = await bank.transactions(amelia, recent);
    const bookedOnly = await bank.transactions(amelia, { ...recent, includePending: false });
    expect(withPending.some((t) => t.status === 'pending')).toBe(true);
    expect(bookedOnly).toEqual(withPending.filter((t) => t.status === 'booked'));
  });

  it('combines filters', async () => {
    const txs = await bank.transactions(sofia, {
      ...range,
      timezone: 'America/New_York',
      accountIds: ['acc_sofia_checking'],
      category: 'transport',
      merchant: 'mta',
      direction: 'debit',
      includePending: false,
    });
    expect(txs.length).toBeGreaterThan(50);
    for (const t of txs) {
      expect([t.accountId, t.category, t.merchant, t.direction, t.status]).toEqual([
        'acc_sofia_checking',
        'transport',
        'MTA',
        'debit',
        'booked',
      ]);
    }
  });
});
