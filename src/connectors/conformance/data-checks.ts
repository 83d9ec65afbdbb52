import { DateTime } from 'luxon';
import { money } from '../../money';
import { ACCOUNT_TYPES, CATEGORIES, type Transaction } from '../types';
import { merchantMatches } from '../query';
import { expect, rejectsWith, Skip } from './assert';
import type { SuiteContext } from './context';

export type Check = { name: string; run: (ctx: SuiteContext) => Promise<void> };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function normalised(m: { amount: string; currency: string }): boolean {
  try {
    return /^[A-Z]{3}$/.test(m.currency) && money(m.amount, m.currency).amount === m.amount;
  } catch {
    return false;
  }
}

function ids(list: Transaction[]): string[] {
  return list.map((t) => t.id).sort();
}

function shift(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

function localDate(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'UTC' }).setZone(zone).toISODate() as string;
}

export const dataChecks: Check[] = [
  {
    name: 'accounts: unique ids, known types, ISO currencies, at most 4 characters of the number',
    async run({ accounts }) {
      expect(accounts.length > 0, 'the test customer has no accounts');
      expect(new Set(accounts.map((a) => a.id)).size === accounts.length, 'duplicate account ids');
      for (const a of accounts) {
        expect((ACCOUNT_TYPES as readonly string[]).includes(a.type), `unknown account type ${a.type}`);
        expect(/^[A-Z]{3}$/.test(a.currency), 'currency must be an upper-case ISO 4217 code');
        expect(/^[0-9A-Za-z]{0,4}$/.test(a.last4), 'last4 must be at most 4 letters or digits');
        expect(a.name.trim() !== '', 'account name is empty');
      }
    },
  },
  {
    name: 'money: balances are normalised decimal strings in the account currency',
    async run({ connector, grant, accounts }) {
      const balances = await connector.balances(grant);
      for (const a of accounts) {
        const b = balances.find((x) => x.accountId === a.id);
        expect(b, 'an account has no balance');
        expect(normalised(b.current), 'current balance is not a normalised decimal string');
        expect(b.current.currency === a.currency, 'balance currency differs from the account');
        if (b.available) expect(normalised(b.available), 'available balance is not normalised');
        expect(ISO_INSTANT.test(b.asOf), 'asOf must be an ISO 8601 UTC instant');
      }
      const first = accounts[0]!;
      const one = await connector.balances(grant, [first.id]);
      expect(
        one.length === 1 && one[0]!.accountId === first.id,
        'balances(grant, [id]) must return that account only',
      );
    },
  },
  {
    name: 'money: transactions are positive normalised amounts with a direction, known categories, newest first',
    async run({ all, accounts }) {
      if (all.length === 0) throw new Skip('the test customer has no transactions in the last 90 days');
      const accountIds = new Set(accounts.map((a) => a.id));
      expect(new Set(all.map((t) => t.id)).size === all.length, 'duplicate transaction ids');
      for (const t of all) {
        expect(normalised(t.amount), 'amount is not a normalised decimal string');
        expect(
          !t.amount.amount.startsWith('-'),
          'amounts are never negative: the direction carries the sign',
        );
        expect(t.direction === 'debit' || t.direction === 'credit', 'direction must be debit or credit');
        expect(t.status === 'pending' || t.status === 'booked', 'status must be pending or booked');
        expect((CATEGORIES as readonly string[]).includes(t.category), `unknown category ${t.category}`);
        expect(ISO_INSTANT.test(t.date), 'date must be an ISO 8601 UTC instant');
        expect(accountIds.has(t.accountId), 'a transaction belongs to an account accounts() did not list');
        if (t.mcc !== undefined) expect(/^\d{4}$/.test(t.mcc), 'mcc must be four digits');
      }
      for (let i = 1; i < all.length; i++) expect(all[i - 1]!.date >= all[i]!.date, 'not newest first');
    },
  },
  {
    name: 'dates: results lie in [from 00:00, to + 1 day 00:00) of the query timezone',
    async run({ connector, grant, window, zone }) {
      const to = shift(window.to, -10);
      const from = shift(to, -6);
      for (const tz of [zone, 'Pacific/Auckland', 'America/Los_Angeles', 'UTC']) {
        const list = await connector.transactions(grant, { from, to, timezone: tz });
        const start = DateTime.fromISO(from, { zone: tz }).toMillis();
        const end = DateTime.fromISO(shift(to, 1), { zone: tz }).toMillis();
        for (const t of list) {
          const at = Date.parse(t.date);
          expect(at >= start && at < end, `a transaction outside the range in ${tz}`);
        }
      }
    },
  },
  {
    name: 'dates: from and to are inclusive local dates, the day after and before are not',
    async run({ connector, grant, all, zone }) {
      const booked = all.filter((t) => t.status === 'booked');
      const t = booked[Math.floor(booked.length / 2)];
      if (!t) throw new Skip('no booked transactions to test date bounds with');
      for (const tz of [zone, 'UTC', 'Pacific/Auckland']) {
        const day = localDate(t.date, tz);
        const has = async (from: string, to: string) =>
          (await connector.transactions(grant, { from, to, timezone: tz })).some((x) => x.id === t.id);
        expect(await has(day, day), `from = to = the transaction's local date (${tz}) must include it`);
        expect(
          !(await has(shift(day, -3), shift(day, -1))),
          `a range ending the day before (${tz}) must exclude it`,
        );
        expect(
          !(await has(shift(day, 1), shift(day, 3))),
          `a range starting the day after (${tz}) must exclude it`,
        );
      }
    },
  },
  {
    name: 'dates: reversed, future and ancient ranges are empty',
    async run({ connector, grant, window }) {
      const q = async (from: string, to: string) =>
        connector.transactions(grant, { from, to, timezone: 'UTC' });
      expect(
        (await q(window.to, shift(window.to, -5))).length === 0,
        'from after to must give no transactions',
      );
      expect(
        (await q(shift(window.to, 30), shift(window.to, 40))).length === 0,
        'a future range must be empty',
      );
      expect((await q('2001-01-01', '2001-01-31')).length === 0, 'a range before any history must be empty');
    },
  },
  {
    name: 'dates: malformed dates and unknown timezones are TELLER_ERR_CONNECTOR_QUERY',
    async run({ connector, grant, window }) {
      const code = 'TELLER_ERR_CONNECTOR_QUERY';
      await rejectsWith(
        connector.transactions(grant, { from: '2024-02-30', to: window.to }),
        code,
        'from 2024-02-30',
      );
      await rejectsWith(
        connector.transactions(grant, { from: 'yesterday', to: window.to }),
        code,
        'from "yesterday"',
      );
      await rejectsWith(
        connector.transactions(grant, { from: window.from, to: window.to, timezone: 'Mars/Olympus_Mons' }),
        code,
        'timezone Mars/Olympus_Mons',
      );
    },
  },
  {
    name: 'pagination: a long range is exactly the union of its halves (no gaps, no duplicates)',
    async run({ connector, grant, all, window }) {
      if (all.length === 0) throw new Skip('no transactions to page through');
      const mid = shift(window.from, 45);
      const a = await connector.transactions(grant, { from: window.from, to: mid, timezone: 'UTC' });
      const b = await connector.transactions(grant, { from: shift(mid, 1), to: window.to, timezone: 'UTC' });
      expect(
        JSON.stringify(ids([...a, ...b])) === JSON.stringify(ids(all)),
        'the halves and the whole disagree',
      );
    },
  },
  {
    name: 'filters: accountIds, direction, category, merchant and includePending narrow exactly',
    async run({ connector, grant, all, window }) {
      if (all.length === 0) throw new Skip('no transactions to filter');
      const base = { from: window.from, to: window.to, timezone: 'UTC' };
      const same = (got: Transaction[], want: Transaction[], what: string) =>
        expect(
          JSON.stringify(ids(got)) === JSON.stringify(ids(want)),
          `filter ${what} disagrees with the full list`,
        );
      const account = all[0]!.accountId;
      same(
        await connector.transactions(grant, { ...base, accountIds: [account] }),
        all.filter((t) => t.accountId === account),
        'accountIds',
      );
      same(
        await connector.transactions(grant, { ...base, direction: 'credit' }),
        all.filter((t) => t.direction === 'credit'),
        'direction',
      );
      const category = all[0]!.category;
      same(
        await connector.transactions(grant, { ...base, category }),
        all.filter((t) => t.category === category),
        'category',
      );
      same(
        await connector.transactions(grant, { ...base, includePending: false }),
        all.filter((t) => t.status !== 'pending'),
        'includePending',
      );
      const named = all.find((t) => t.merchant);
      if (named?.merchant) {
        const got = await connector.transactions(grant, { ...base, merchant: named.merchant.toUpperCase() });
        same(
          got,
          all.filter((t) => merchantMatches(t.merchant, named.merchant!)),
          'merchant',
        );
      }
    },
  },
];
