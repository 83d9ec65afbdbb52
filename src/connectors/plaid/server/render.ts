import type { SandboxBank } from '../../sandbox';
import type { Account, Balance, Category, Transaction } from '../../types';

/** Teller category → a Plaid personal_finance_category (v2) the sandbox's transactions carry. */
const PFC: Record<Category, [string, string]> = {
  groceries: ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'],
  dining: ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_RESTAURANT'],
  transport: ['TRANSPORTATION', 'TRANSPORTATION_PUBLIC_TRANSIT'],
  shopping: ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE'],
  entertainment: ['ENTERTAINMENT', 'ENTERTAINMENT_SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS'],
  bills: ['RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY'],
  subscriptions: ['ENTERTAINMENT', 'ENTERTAINMENT_TV_AND_MOVIES'],
  travel: ['TRAVEL', 'TRAVEL_FLIGHTS'],
  health: ['MEDICAL', 'MEDICAL_PRIMARY_CARE'],
  housing: ['RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_RENT'],
  cash: ['TRANSFER_OUT', 'TRANSFER_OUT_WITHDRAWAL'],
  transfers: ['TRANSFER_OUT', 'TRANSFER_OUT_ACCOUNT_TRANSFER'],
  income: ['INCOME', 'INCOME_WAGES'],
  fees: ['BANK_FEES', 'BANK_FEES_OTHER_BANK_FEES'],
  other: ['GENERAL_SERVICES', 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES'],
};

export function pfcFor(category: Category, direction: 'debit' | 'credit') {
  const [primary, detailed] =
    category === 'transfers' && direction === 'credit'
      ? ['TRANSFER_IN', 'TRANSFER_IN_ACCOUNT_TRANSFER']
      : PFC[category];
  return { primary, detailed, confidence_level: 'VERY_HIGH' };
}

/** Amounts go out as JSON numbers, as Plaid sends them (the connector must not trust float maths). */
function num(amount: string): number {
  return Number(amount);
}

export function renderAccount(a: Account, b: Balance | undefined, creditLimit?: string) {
  const card = a.type === 'credit_card';
  return {
    account_id: a.id,
    balances: {
      available: b?.available ? num(b.available.amount) : null,
      // Plaid reports what is owed on a card as a positive current balance.
      current: b ? (card ? -num(b.current.amount) || 0 : num(b.current.amount)) : null,
      limit: card && creditLimit ? num(creditLimit) : null,
      iso_currency_code: a.currency,
      unofficial_currency_code: null,
      last_updated_datetime: b?.asOf ?? null,
    },
    mask: a.last4,
    name: a.name,
    official_name: a.name,
    type: card ? 'credit' : 'depository',
    subtype: card ? 'credit card' : a.type,
  };
}

export function renderTransaction(t: Transaction, localDate: string) {
  const value = num(t.amount.amount);
  return {
    account_id: t.accountId,
    amount: t.direction === 'debit' ? value : -value,
    iso_currency_code: t.amount.currency,
    unofficial_currency_code: null,
    category: null,
    category_id: null,
    check_number: null,
    date: localDate,
    authorized_date: localDate,
    // Card payments carry a time; transfers and direct debits only a date (as many institutions do).
    datetime: t.mcc ? t.date : null,
    authorized_datetime: null,
    location: {},
    name: t.description,
    merchant_name: t.merchant ?? null,
    original_description: null,
    payment_meta: {},
    payment_channel: t.mcc ? 'in store' : 'other',
    pending: t.status === 'pending',
    pending_transaction_id: null,
    account_owner: null,
    transaction_id: t.id,
    transaction_code: null,
    personal_finance_category: pfcFor(t.category, t.direction),
    logo_url: null,
    website: null,
  };
}

export type SandboxLike = Pick<
  SandboxBank,
  'accounts' | 'balances' | 'transactions' | 'ledgerInfo' | 'listCustomers'
>;
