import type { Category, Direction } from '../types';
import type { Region } from './merchants';

export type AccountKey = 'checking' | 'savings' | 'card';

/** A bill, subscription or standing order that repeats on a day of the month. */
export interface RecurringSpec {
  merchant: string;
  category: Category;
  mcc?: string;
  account: AccountKey;
  direction?: Direction;
  /** Day of the month (1–28). */
  day: number;
  /** Minor units: fixed, or a [min, max] range drawn afresh each month. */
  amount: number | [number, number];
  /** Energy bills: the upper half of the range in Nov–Mar, the lower half otherwise. */
  seasonal?: boolean;
  /** Only in these months (1–12), e.g. council tax in 10 instalments. */
  months?: number[];
  description: string;
  /** Bank charges have no merchant. */
  noMerchant?: boolean;
  /** True for card-on-file charges, which start pending like any card purchase. */
  card?: boolean;
}

export interface CustomerProfile {
  id: string;
  /** Short key used in account and transaction ids. */
  short: string;
  name: string;
  homeCity: string;
  currency: string;
  timezone: string;
  region: Region;
  employer: string;
  /** Net monthly salary in minor units. */
  salary: number;
  /** Day of month, or the last business day; moved back to a Friday at weekends. */
  payday: number | 'last';
  accountNames: Record<AccountKey, string>;
  creditLimit: number;
  /** What the current account holds the day before payday, in minor units. */
  openingChecking: [number, number];
  openingSavings: [number, number];
  /** Annual interest rate on savings, in basis points. */
  savingsRateBps: number;
  savingsTransfer: number;
  savingsDay: number;
  cardPaymentDay: number;
  recurring: RecurringSpec[];
  commute: { merchant: string; mcc: string; fares: number[]; weekday: number; weekend: number };
  /** Expected discretionary purchases per day, by category. */
  rates: Partial<Record<Category, number>>;
  /** Chance a purchase in a category goes on the credit card rather than the debit card. */
  cardShare: Partial<Record<Category, number>>;
  cashAmounts: number[];
  atmOperators: string[];
  atmFee: number;
  atmFeeChance: number;
  friends: string[];
}

const COUNCIL_TAX_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1];

const RATES: Partial<Record<Category, number>> = {
  groceries: 0.42,
  dining: 1.0,
  transport: 0.1,
  shopping: 0.2,
  entertainment: 0.07,
  health: 0.05,
  other: 0.03,
  cash: 0.05,
};

const CARD_SHARE: Partial<Record<Category, number>> = {
  groceries: 0.25,
  dining: 0.3,
  transport: 0.35,
  shopping: 0.6,
  entertainment: 0.5,
  health: 0.2,
  travel: 0.9,
  other: 0.1,
};

function dd(
  merchant: string,
  category: Category,
  day: number,
  amount: RecurringSpec['amount'],
  extra: Partial<RecurringSpec> = {},
): RecurringSpec {
  return {
    merchant,
    category,
    day,
    amount,
    account: 'checking',
    description: `Direct debit to ${merchant}`,
    ...extra,
  };
}

function sub(merchant: string, mcc: string, day: number, amount: number, account: AccountKey): RecurringSpec {
  return {
    merchant,
    category: 'subscriptions',
    mcc,
    day,
    amount,
    account,
    card: true,
    description: merchant,
  };
}

function fee(description: string, day: number, amount: number): RecurringSpec {
  return {
    merchant: description,
    category: 'fees',
    day,
    amount,
    account: 'checking',
    description,
    noMerchant: true,
  };
}

export const CUSTOMERS: readonly CustomerProfile[] = [
  {
    id: 'cust_amelia',
    short: 'amelia',
    name: 'Amelia Clarke',
    homeCity: 'London',
    currency: 'GBP',
    timezone: 'Europe/London',
    region: 'GB',
    employer: 'Northwind Analytics Ltd',
    salary: 440000,
    payday: 25,
    accountNames: {
      checking: 'Everyday Current Account',
      savings: 'Instant Saver',
      card: 'Rewards Credit Card',
    },
    creditLimit: 450000,
    openingChecking: [80000, 180000],
    openingSavings: [650000, 1200000],
    savingsRateBps: 410,
    savingsTransfer: 45000,
    savingsDay: 26,
    cardPaymentDay: 10,
    recurring: [
      {
        ...dd('Foxtons', 'housing', 1, 165000),
        mcc: '6513',
        description: 'Standing order to Foxtons (rent)',
      },
      dd('British Gas', 'bills', 8, [6800, 14500], { mcc: '4900', seasonal: true }),
      dd('Thames Water', 'bills', 15, 3850, { mcc: '4900' }),
      dd('EE', 'bills', 18, 2200, { mcc: '4814' }),
      dd('Virgin Media', 'bills', 12, 3400, { mcc: '4899' }),
      dd('Camden Council', 'bills', 1, 16842, { mcc: '9311', months: COUNCIL_TAX_MONTHS }),
      dd('TV Licensing', 'bills', 20, 1413, { mcc: '9399' }),
      dd('PureGym', 'subscriptions', 2, 2699, { mcc: '7997' }),
      dd('British Red Cross', 'other', 5, 1000, { mcc: '8398' }),
      sub('Netflix', '4899', 7, 1299, 'card'),
      sub('Spotify', '5815', 14, 1199, 'card'),
      sub('Amazon Prime', '5968', 22, 899, 'card'),
      sub('Apple iCloud', '5818', 3, 299, 'checking'),
      fee('Monthly account fee', 16, 300),
    ],
    commute: { merchant: 'TfL', mcc: '4111', fares: [280, 560, 590, 840, 880], weekday: 0.85, weekend: 0.35 },
    rates: RATES,
    cardShare: CARD_SHARE,
    cashAmounts: [2000, 3000, 4000, 5000, 10000],
    atmOperators: ['Barclays', 'HSBC', 'NatWest', 'Notemachine', 'Cardtronics'],
    atmFee: 199,
    atmFeeChance: 0.15,
    friends: ['Jamie Clarke', 'Sam Patel', 'Olivia Brown'],
  },
  {
    id: 'cust_daniel',
    short: 'daniel',
    name: 'Daniel Okafor',
    homeCity: 'Manchester',
    currency: 'GBP',
    timezone: 'Europe/London',
    region: 'GB',
    employer: 'Pennine Engineering Ltd',
    salary: 322000,
    payday: 'last',
    accountNames: {
      checking: 'Classic Current Account',
      savings: 'Easy Access Saver',
      card: 'Platinum Credit Card',
    },
    creditLimit: 300000,
    openingChecking: [40000, 110000],
    openingSavings: [250000, 600000],
    savingsRateBps: 350,
    savingsTransfer: 25000,
    savingsDay: 2,
    cardPaymentDay: 12,
    recurring: [
      { ...dd('Halifax Mortgage', 'housing', 1, 84500), description: 'Direct debit to Halifax (mortgage)' },
      dd('Octopus Energy', 'bills', 3, [5500, 12500], { mcc: '4900', seasonal: true }),
      dd('United Utilities', 'bills', 10, 3200, { mcc: '4900' }),
      dd('Vodafone', 'bills', 21, 1800, { mcc: '4814' }),
      dd('BT Broadband', 'bills', 17, 3199, { mcc: '4899' }),
      dd('Manchester City Council', 'bills', 1, 14120, { mcc: '9311', months: COUNCIL_TAX_MONTHS }),
      dd('TV Licensing', 'bills', 20, 1413, { mcc: '9399' }),
      dd('Direct Line', 'bills', 6, 1840, { mcc: '6300' }),
      dd('The Gym Group', 'subscriptions', 4, 2299, { mcc: '7997' }),
      dd('Cancer Research UK', 'other', 9, 800, { mcc: '8398' }),
      sub('Netflix', '4899', 11, 1299, 'checking'),
      sub('Spotify', '5815', 23, 1199, 'card'),
      sub('Disney+', '4899', 15, 899, 'card'),
      sub('Amazon Prime', '5968', 27, 899, 'card'),
      fee('Monthly account fee', 18, 300),
    ],
    commute: {
      merchant: 'Bee Network',
      mcc: '4111',
      fares: [200, 200, 400, 460, 580],
      weekday: 0.7,
      weekend: 0.25,
    },
    rates: { ...RATES, dining: 0.8, groceries: 0.45 },
    cardShare: CARD_SHARE,
    cashAmounts: [1000, 2000, 3000, 5000],
    atmOperators: ['Lloyds', 'Santander', 'Halifax', 'Post Office', 'Notemachine'],
    atmFee: 185,
    atmFeeChance: 0.12,
    friends: ['Grace Okafor', 'Tom Hughes', 'Chloe Walsh'],
  },
  {
    id: 'cust_sofia',
    short: 'sofia',
    name: 'Sofia Martinez',
    homeCity: 'New York',
    currency: 'USD',
    timezone: 'America/New_York',
    region: 'US',
    employer: 'Hudson Media Group',
    salary: 602000,
    payday: 'last',
    accountNames: {
      checking: 'Everyday Checking',
      savings: 'High-Yield Savings',
      card: 'Cash Back Credit Card',
    },
    creditLimit: 750000,
    openingChecking: [60000, 200000],
    openingSavings: [900000, 1800000],
    savingsRateBps: 425,
    savingsTransfer: 60000,
    savingsDay: 1,
    cardPaymentDay: 15,
    recurring: [
      { ...dd('Greystar', 'housing', 1, 265000), mcc: '6513', description: 'Rent payment to Greystar' },
      dd('Con Edison', 'bills', 12, [6500, 17500], { mcc: '4900', seasonal: true }),
      dd('Verizon Wireless', 'bills', 19, 7500, { mcc: '4814' }),
      dd('Spectrum', 'bills', 8, 6999, { mcc: '4899' }),
      dd('Lemonade Insurance', 'bills', 2, 1400, { mcc: '6300' }),
      dd('Crunch Fitness', 'subscriptions', 5, 3499, { mcc: '7997' }),
      dd('American Red Cross', 'other', 10, 2000, { mcc: '8398' }),
      sub('Netflix', '4899', 9, 1799, 'card'),
      sub('Spotify', '5815', 17, 1199, 'card'),
      sub('Hulu', '4899', 21, 999, 'card'),
      sub('The New York Times', '5994', 6, 2500, 'card'),
      sub('Amazon Prime', '5968', 24, 1499, 'card'),
      fee('Monthly service fee', 20, 500),
    ],
    commute: { merchant: 'MTA', mcc: '4111', fares: [290, 290, 580], weekday: 0.9, weekend: 0.4 },
    rates: { ...RATES, dining: 1.1, groceries: 0.38 },
    cardShare: { ...CARD_SHARE, dining: 0.55, groceries: 0.45 },
    cashAmounts: [2000, 4000, 6000, 8000, 10000],
    atmOperators: ['Chase', 'Bank of America', 'Citibank', 'Cardtronics', 'Allpoint'],
    atmFee: 350,
    atmFeeChance: 0.5,
    friends: ['Lucas Martinez', 'Maya Chen', 'Ethan Brooks'],
  },
];

export function findCustomer(id: string): CustomerProfile | undefined {
  return CUSTOMERS.find((c) => c.id === id);
}
