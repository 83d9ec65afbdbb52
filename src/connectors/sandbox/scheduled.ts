import { businessDay, dayInfo, monthKey } from './calendar';
import type { CustomerProfile, RecurringSpec } from './customers';
import { openingMinor } from './accounts';
import type { DraftTx } from './draft';
import { Rng } from './prng';

const WINTER = new Set([11, 12, 1, 2, 3]);

function recurringAmount(seed: string, profile: CustomerProfile, spec: RecurringSpec, date: string): number {
  if (typeof spec.amount === 'number') return spec.amount;
  const [min, max] = spec.amount;
  const rng = new Rng(seed, profile.id, monthKey(date), spec.merchant);
  if (!spec.seasonal) return rng.int(min, max);
  const mid = Math.round((min + max) / 2);
  return WINTER.has(dayInfo(date).month) ? rng.int(mid, max) : rng.int(min, mid);
}

/** The first payday on or after `date`. */
export function nextPayday(profile: CustomerProfile, date: string): string {
  const { year, month, day } = dayInfo(date);
  const payday = businessDay(year, month, profile.payday);
  if (day <= payday) return `${date.slice(0, 8)}${String(payday).padStart(2, '0')}`;
  const [y, m] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return `${y}-${String(m).padStart(2, '0')}-${String(businessDay(y, m, profile.payday)).padStart(2, '0')}`;
}

/** Salary, bills, subscriptions, rent, savings transfers and interest due on `date`. */
export function scheduledFor(seed: string, profile: CustomerProfile, date: string): DraftTx[] {
  const { year, month, day } = dayInfo(date);
  const out: DraftTx[] = [];

  if (day === businessDay(year, month, profile.payday)) {
    out.push({
      account: 'checking',
      minute: 5 * 60 + 30,
      amount: profile.salary,
      direction: 'credit',
      category: 'income',
      merchant: profile.employer,
      description: `Salary from ${profile.employer}`,
      card: false,
    });
  }

  for (const spec of profile.recurring) {
    if (spec.day !== day || (spec.months && !spec.months.includes(month))) continue;
    out.push({
      account: spec.account,
      minute: spec.card ? 8 * 60 + (spec.day % 50) : 4 * 60 + spec.day,
      amount: recurringAmount(seed, profile, spec, date),
      direction: spec.direction ?? 'debit',
      category: spec.category,
      ...(spec.noMerchant ? {} : { merchant: spec.merchant }),
      ...(spec.mcc ? { mcc: spec.mcc } : {}),
      description: spec.description,
      card: spec.card ?? false,
    });
  }

  if (day === profile.savingsDay) {
    const base = {
      minute: 7 * 60,
      amount: profile.savingsTransfer,
      category: 'transfers',
      card: false,
    } as const;
    out.push({
      ...base,
      account: 'checking',
      direction: 'debit',
      description: `Transfer to ${profile.accountNames.savings}`,
    });
    out.push({
      ...base,
      account: 'savings',
      direction: 'credit',
      description: `Transfer from ${profile.accountNames.checking}`,
    });
  }

  if (day === 1) {
    // Interest on roughly the opening balance; jitter stands in for the month's changes.
    const principal = openingMinor(seed, profile, 'savings');
    const monthly = Math.round((principal * profile.savingsRateBps) / 10000 / 12);
    const jitter = new Rng(seed, profile.id, monthKey(date), 'interest').int(
      0,
      Math.max(1, Math.round(monthly / 5)),
    );
    out.push({
      account: 'savings',
      minute: 3 * 60,
      amount: monthly + jitter,
      direction: 'credit',
      category: 'income',
      description: 'Interest paid',
      card: false,
    });
  }
  return out;
}
