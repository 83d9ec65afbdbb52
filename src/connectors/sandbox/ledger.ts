import { fromMinor } from '../../money';
import type { Transaction } from '../types';
import { accountId, openingMinor } from './accounts';
import { addDays, dayInfo, eachDay, localDate, localInstant, previousMonthDays } from './calendar';
import type { AccountKey, CustomerProfile } from './customers';
import type { DraftTx } from './draft';
import { nextPayday, scheduledFor } from './scheduled';
import { spendingFor } from './spending';

/** Days of history before today (the window is 201 local days including today). */
export const HISTORY_DAYS = 200;

/** A transaction as generated, before `now` decides whether it is pending. */
export interface LedgerEntry {
  tx: Omit<Transaction, 'status'>;
  account: AccountKey;
  /** `tx.amount` in minor units. */
  minor: number;
  /** Epoch milliseconds of `tx.date`. */
  at: number;
  /** Local date in the customer's zone. */
  localDate: string;
  card: boolean;
}

export interface LedgerWindow {
  /** First local date with data (customer's zone). */
  from: string;
  /** Today, local to the customer. */
  to: string;
}

/** Signed sums (minor units) per account of a run of days, and the latest instant among them. */
export interface LedgerSums {
  sums: Record<AccountKey, number>;
  /** Epoch ms of the last entry counted (-Infinity when none). */
  lastAt: number;
}

/**
 * One customer's transaction history. Every day is a pure function of (seed, customer, date):
 * the day's own random stream, plus the card bill, which is computed from the previous month's days.
 */
export class CustomerLedger {
  private readonly base = new Map<string, DraftTx[]>();
  private readonly days = new Map<string, LedgerEntry[]>();
  /** Pure functions of (seed, customer, dates): memoised, with a small bound (they move daily). */
  private readonly openings = new Map<string, number>();
  private readonly sumsCache = new Map<string, LedgerSums>();

  constructor(
    readonly seed: string,
    readonly profile: CustomerProfile,
  ) {}

  window(now: Date): LedgerWindow {
    const to = localDate(now.getTime(), this.profile.timezone);
    return { from: addDays(to, -HISTORY_DAYS), to };
  }

  /** Generated entries for each local date from `from` to `to`, in chronological order. */
  entries(from: string, to: string): LedgerEntry[] {
    return eachDay(from, to).flatMap((d) => this.day(d));
  }

  /** The generated entries of each local date from `from` to `to`, day by day, in order. */
  entriesByDay(from: string, to: string): LedgerEntry[][] {
    return eachDay(from, to).map((d) => this.day(d));
  }

  /**
   * Signed sums per account (credits positive) of every entry dated `from` to `to` inclusive, with
   * the latest entry's instant so the caller can check they have all happened.
   */
  sums(from: string, to: string): LedgerSums {
    const key = `${from} ${to}`;
    let cached = this.sumsCache.get(key);
    if (!cached) {
      const sums: Record<AccountKey, number> = { checking: 0, savings: 0, card: 0 };
      let lastAt = -Infinity;
      for (const d of eachDay(from, to)) {
        for (const entry of this.day(d)) {
          sums[entry.account] += entry.tx.direction === 'credit' ? entry.minor : -entry.minor;
          if (entry.at > lastAt) lastAt = entry.at;
        }
      }
      cached = { sums, lastAt };
      remember(this.sumsCache, key, cached);
    }
    return cached;
  }

  /** Opening balance (minor units, signed) of an account at the start of `windowStart`. */
  openingMinor(key: AccountKey, windowStart: string): number {
    const memo = `${key} ${windowStart}`;
    let opening = this.openings.get(memo);
    if (opening === undefined) {
      opening = this.computeOpening(key, windowStart);
      remember(this.openings, memo, opening);
    }
    return opening;
  }

  private computeOpening(key: AccountKey, windowStart: string): number {
    if (key === 'savings') return openingMinor(this.seed, this.profile, key);
    if (key === 'checking') {
      // Enough that the day before the next payday ends on the seeded cushion.
      const untilPayday = this.entries(windowStart, addDays(nextPayday(this.profile, windowStart), -1));
      const outflow = untilPayday
        .filter((e) => e.account === 'checking')
        .reduce((sum, e) => sum + (e.tx.direction === 'debit' ? e.minor : -e.minor), 0);
      return openingMinor(this.seed, this.profile, key) + outflow;
    }
    // The card owes whatever has not yet been paid off: this month so far, plus last month
    // unless its bill has already been paid.
    const { day } = dayInfo(windowStart);
    const monthStart = windowStart.slice(0, 8) + '01';
    const thisMonth = this.cardNet(eachDay(monthStart, addDays(windowStart, -1)));
    const lastMonth = this.cardNet(previousMonthDays(windowStart));
    const lastMonthPaid = day > this.profile.cardPaymentDay && lastMonth > 0;
    return -(thisMonth + (lastMonthPaid ? 0 : lastMonth));
  }

  private baseDay(date: string): DraftTx[] {
    let drafts = this.base.get(date);
    if (!drafts) {
      drafts = [
        ...scheduledFor(this.seed, this.profile, date),
        ...spendingFor(this.seed, this.profile, date),
      ];
      bounded(this.base, date, drafts, MAX_DAYS);
    }
    return drafts;
  }

  /** Card purchases minus card refunds over some days (card bill payments excluded). */
  private cardNet(dates: string[]): number {
    let net = 0;
    for (const d of dates) {
      for (const t of this.baseDay(d)) {
        if (t.account === 'card') net += t.direction === 'debit' ? t.amount : -t.amount;
      }
    }
    return net;
  }

  private cardBill(date: string): DraftTx[] {
    if (dayInfo(date).day !== this.profile.cardPaymentDay) return [];
    const amount = this.cardNet(previousMonthDays(date));
    if (amount <= 0) return [];
    const base = { minute: 6 * 60, amount, category: 'transfers', card: false } as const;
    return [
      {
        ...base,
        account: 'checking',
        direction: 'debit',
        description: `Payment to ${this.profile.accountNames.card}`,
      },
      { ...base, account: 'card', direction: 'credit', description: 'Payment received – thank you' },
    ];
  }

  private day(date: string): LedgerEntry[] {
    const cached = this.days.get(date);
    if (cached) return cached;
    const drafts = [...this.baseDay(date), ...this.cardBill(date)]
      .map((draft, order) => ({ draft, order }))
      .sort((a, b) => a.draft.minute - b.draft.minute || a.order - b.order);
    const { profile } = this;
    const compact = date.replaceAll('-', '');
    const entries = drafts.map(({ draft }, i): LedgerEntry => {
      const at = localInstant(date, draft.minute, profile.timezone);
      return {
        account: draft.account,
        minor: draft.amount,
        at,
        localDate: date,
        card: draft.card,
        tx: {
          id: `tx_${profile.short}_${compact}_${String(i).padStart(2, '0')}`,
          accountId: accountId(profile, draft.account),
          date: new Date(at).toISOString().replace('.000Z', 'Z'),
          amount: fromMinor(draft.amount, profile.currency),
          direction: draft.direction,
          description: draft.description,
          ...(draft.merchant !== undefined ? { merchant: draft.merchant } : {}),
          category: draft.category,
          ...(draft.mcc !== undefined ? { mcc: draft.mcc } : {}),
        },
      };
    });
    bounded(this.days, date, entries, MAX_DAYS);
    return entries;
  }
}

/**
 * Generated days kept per customer: the 201-day window plus the month before it, with room to
 * spare. Older days are dropped first; a dropped day is generated again, identically, if needed.
 */
const MAX_DAYS = 1024;

/** Keeps a memo small: the sandbox's "today" moves, so old keys are never asked for again. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  bounded(map, key, value, 16);
}

function bounded<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
