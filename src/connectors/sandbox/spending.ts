import type { Category } from '../types';
import { dayInfo, monthKey } from './calendar';
import type { CustomerProfile } from './customers';
import type { DraftTx } from './draft';
import { merchantsFor, type MerchantSpec } from './merchants';
import { hashString, Rng } from './prng';

const DISCRETIONARY: Category[] = [
  'groceries',
  'dining',
  'transport',
  'shopping',
  'entertainment',
  'health',
  'other',
];

/** How much busier a category is on a given weekday (1 = Monday … 7 = Sunday). */
function weekdayFactor(category: Category, weekday: number): number {
  const weekend = weekday >= 6;
  switch (category) {
    case 'groceries':
      return weekend ? 1.5 : 0.85;
    case 'dining':
      return weekday === 5 || weekday === 6 ? 1.35 : weekday === 7 ? 0.8 : 1;
    case 'shopping':
    case 'entertainment':
      return weekend ? 1.6 : 0.75;
    default:
      return 1;
  }
}

function purchase(rng: Rng, profile: CustomerProfile, merchant: MerchantSpec): DraftTx {
  const [first, last] = merchant.hours;
  const onCard = rng.chance(profile.cardShare[merchant.category] ?? 0);
  return {
    account: onCard ? 'card' : 'checking',
    minute: rng.int(first, last) * 60 + rng.int(0, 59),
    amount: rng.amount(merchant.min, merchant.max),
    direction: 'debit',
    category: merchant.category,
    merchant: merchant.name,
    mcc: merchant.mcc,
    description: `Card payment to ${merchant.name}`,
    card: true,
  };
}

function commute(rng: Rng, profile: CustomerProfile, weekday: number): DraftTx[] {
  const c = profile.commute;
  if (!rng.chance(weekday >= 6 ? c.weekend : c.weekday)) return [];
  return [
    {
      account: 'checking',
      minute: rng.int(7, 20) * 60 + rng.int(0, 59),
      amount: rng.pick(c.fares),
      direction: 'debit',
      category: 'transport',
      merchant: c.merchant,
      mcc: c.mcc,
      description: `${c.merchant} travel charge`,
      card: true,
    },
  ];
}

function cash(rng: Rng, profile: CustomerProfile): DraftTx[] {
  const out: DraftTx[] = [];
  for (let n = rng.poisson(profile.rates.cash ?? 0); n > 0; n--) {
    const operator = rng.pick(profile.atmOperators);
    const minute = rng.int(8, 22) * 60 + rng.int(0, 59);
    const base = { account: 'checking', minute, direction: 'debit', card: false } as const;
    out.push({
      ...base,
      amount: rng.pick(profile.cashAmounts),
      category: 'cash',
      mcc: '6011',
      description: `Cash withdrawal – ${operator} ATM`,
    });
    if (rng.chance(profile.atmFeeChance)) {
      out.push({ ...base, amount: profile.atmFee, category: 'fees', description: `ATM fee – ${operator}` });
    }
  }
  return out;
}

/** Refunds and money sent to or received from friends. */
function occasional(rng: Rng, profile: CustomerProfile): DraftTx[] {
  const out: DraftTx[] = [];
  if (rng.chance(0.015)) {
    const m = rng.weighted(merchantsFor(profile.region, profile.homeCity, 'shopping'), (x) => x.weight);
    out.push({
      account: rng.chance(0.5) ? 'card' : 'checking',
      minute: rng.int(6, 22) * 60 + rng.int(0, 59),
      amount: rng.amount(m.min, Math.round(m.max / 2)),
      direction: 'credit',
      category: 'shopping',
      merchant: m.name,
      mcc: m.mcc,
      description: `Refund from ${m.name}`,
      card: false,
    });
  }
  for (const direction of ['credit', 'debit'] as const) {
    if (!rng.chance(direction === 'credit' ? 0.025 : 0.03)) continue;
    const friend = rng.pick(profile.friends);
    out.push({
      account: 'checking',
      minute: rng.int(9, 22) * 60 + rng.int(0, 59),
      amount: rng.int(5, 60) * 100,
      direction,
      category: 'transfers',
      description: direction === 'credit' ? `Transfer from ${friend}` : `Transfer to ${friend}`,
      card: false,
    });
  }
  return out;
}

/** A trip is booked in about every third month, on one day of that month. */
function travel(seed: string, profile: CustomerProfile, date: string): DraftTx[] {
  const { year, month, day } = dayInfo(date);
  const plan = new Rng(seed, profile.id, monthKey(date), 'travel');
  const forced = (year * 12 + month) % 3 === hashString(profile.id) % 3;
  const trip = plan.chance(0.3) || forced;
  const bookingDay = plan.int(1, 28);
  if (!trip || day !== bookingDay) return [];
  const options = merchantsFor(profile.region, profile.homeCity, 'travel');
  const out = [
    purchase(
      plan,
      profile,
      plan.weighted(options, (m) => m.weight),
    ),
  ];
  if (plan.chance(0.6))
    out.push(
      purchase(
        plan,
        profile,
        plan.weighted(options, (m) => m.weight),
      ),
    );
  return out;
}

/** Everyday card spending, commuting, cash, refunds and trips on `date`. */
export function spendingFor(seed: string, profile: CustomerProfile, date: string): DraftTx[] {
  const rng = new Rng(seed, profile.id, date, 'spending');
  const { weekday } = dayInfo(date);
  const out: DraftTx[] = [...commute(rng, profile, weekday)];
  for (const category of DISCRETIONARY) {
    const merchants = merchantsFor(profile.region, profile.homeCity, category);
    const count = rng.poisson((profile.rates[category] ?? 0) * weekdayFactor(category, weekday));
    for (let i = 0; i < count && merchants.length > 0; i++) {
      out.push(
        purchase(
          rng,
          profile,
          rng.weighted(merchants, (m) => m.weight),
        ),
      );
    }
  }
  out.push(...cash(rng, profile), ...occasional(rng, profile), ...travel(seed, profile, date));
  if (!out.some((t) => t.card)) {
    // Nobody goes a whole day without a coffee: keeps a card purchase (and so pending data) on every day.
    const coffee = merchantsFor(profile.region, profile.homeCity, 'dining').filter((m) => m.hours[0] <= 8);
    out.push(purchase(rng, profile, rng.pick(coffee)));
  }
  return out;
}
