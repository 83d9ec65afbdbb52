import type { Category } from '../types';

/**
 * Plaid's `personal_finance_category` (taxonomy v2: primary + detailed) → Teller's categories.
 * A detailed code listed here wins; otherwise the primary decides; anything unknown is 'other'.
 */
export const PLAID_PRIMARY: Readonly<Record<string, Category>> = {
  INCOME: 'income',
  TRANSFER_IN: 'transfers',
  TRANSFER_OUT: 'transfers',
  LOAN_PAYMENTS: 'bills',
  BANK_FEES: 'fees',
  ENTERTAINMENT: 'entertainment',
  FOOD_AND_DRINK: 'dining',
  GENERAL_MERCHANDISE: 'shopping',
  HOME_IMPROVEMENT: 'housing',
  MEDICAL: 'health',
  PERSONAL_CARE: 'shopping',
  GENERAL_SERVICES: 'other',
  GOVERNMENT_AND_NON_PROFIT: 'other',
  TRANSPORTATION: 'transport',
  TRAVEL: 'travel',
  RENT_AND_UTILITIES: 'bills',
};

export const PLAID_DETAILED: Readonly<Record<string, Category>> = {
  FOOD_AND_DRINK_GROCERIES: 'groceries',
  FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR: 'groceries',
  TRANSFER_IN_CASH_ADVANCES_AND_LOANS: 'transfers',
  TRANSFER_OUT_WITHDRAWAL: 'cash',
  TRANSFER_IN_DEPOSIT: 'cash',
  LOAN_PAYMENTS_CREDIT_CARD_PAYMENT: 'transfers',
  LOAN_PAYMENTS_MORTGAGE_PAYMENT: 'housing',
  RENT_AND_UTILITIES_RENT: 'housing',
  GENERAL_SERVICES_INSURANCE: 'bills',
  GENERAL_SERVICES_EDUCATION: 'bills',
  GENERAL_SERVICES_TELECOMMUNICATION_SERVICES: 'bills',
  GENERAL_SERVICES_AUTOMOTIVE: 'transport',
  GOVERNMENT_AND_NON_PROFIT_TAX_PAYMENT: 'bills',
  GOVERNMENT_AND_NON_PROFIT_GOVERNMENT_DEPARTMENTS_AND_AGENCIES: 'bills',
  PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS: 'subscriptions',
  ENTERTAINMENT_TV_AND_MOVIES: 'subscriptions',
  ENTERTAINMENT_MUSIC_AND_AUDIO: 'subscriptions',
  GENERAL_MERCHANDISE_PHARMACIES_AND_SUPPLEMENTS: 'health',
  TRAVEL_GAS_STATIONS: 'transport',
  TRANSPORTATION_GAS: 'transport',
  TRAVEL_LODGING: 'travel',
};

export interface PersonalFinanceCategory {
  primary: string;
  detailed: string;
}

/** Teller's category for a Plaid personal finance category (or none). */
export function categoryFromPlaid(pfc: PersonalFinanceCategory | null | undefined): Category {
  if (!pfc) return 'other';
  return PLAID_DETAILED[pfc.detailed] ?? PLAID_PRIMARY[pfc.primary] ?? 'other';
}
