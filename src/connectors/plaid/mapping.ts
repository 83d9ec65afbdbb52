import { DateTime } from 'luxon';
import type { AccountBase, Transaction as PlaidTransaction } from 'plaid';
import { categoryFromPlaid } from '../categories';
import { fromPlaidAmount, fromPlaidBalance } from '../money';
import type { Account, AccountType, Balance, Transaction } from '../types';

const DEPOSITORY_SAVINGS = new Set(['savings', 'money market', 'cd', 'hsa', 'isa', 'cash isa']);

function accountType(a: AccountBase): AccountType | undefined {
  const type = String(a.type);
  const subtype = a.subtype === null || a.subtype === undefined ? '' : String(a.subtype);
  if (type === 'depository') return DEPOSITORY_SAVINGS.has(subtype) ? 'savings' : 'checking';
  if (type === 'credit') return 'credit_card';
  return undefined; // loans and investments are not Teller's business
}

function currencyOf(a: AccountBase, fallback: string): string {
  return (a.balances.iso_currency_code ?? fallback).toUpperCase();
}

export function toAccount(a: AccountBase, fallbackCurrency: string): Account | undefined {
  const type = accountType(a);
  if (!type) return undefined;
  return {
    id: a.account_id,
    type,
    name: a.official_name ?? a.name,
    last4: (a.mask ?? '').replace(/[^0-9A-Za-z]/g, '').slice(-4),
    currency: currencyOf(a, fallbackCurrency),
  };
}

/**
 * Plaid reports what is owed on a credit card as a positive `current`; Teller holds it negative.
 * `available` is spendable money (or available credit) as Plaid gives it.
 */
export function toBalance(a: AccountBase, fallbackCurrency: string, now: Date): Balance | undefined {
  const type = accountType(a);
  if (!type) return undefined;
  const currency = currencyOf(a, fallbackCurrency);
  const current = fromPlaidBalance(a.balances.current ?? a.balances.available, currency);
  if (!current) return undefined;
  const available = fromPlaidBalance(a.balances.available, currency);
  const owed = type === 'credit_card' && !/^0(\.0+)?$/.test(current.amount);
  return {
    accountId: a.account_id,
    current: owed
      ? {
          ...current,
          amount: current.amount.startsWith('-') ? current.amount.slice(1) : `-${current.amount}`,
        }
      : current,
    ...(available ? { available } : {}),
    asOf: a.balances.last_updated_datetime
      ? new Date(a.balances.last_updated_datetime).toISOString()
      : now.toISOString(),
  };
}

/**
 * The instant of a Plaid transaction: its authorised or posted date-time when the institution gave
 * one; otherwise noon of its date in the bank's zone (date-only transactions then fall on the same
 * local date for every zone within ±11 hours).
 */
export function instantOf(t: PlaidTransaction, zone: string): string {
  const exact = t.authorized_datetime ?? t.datetime;
  if (exact) return new Date(exact).toISOString();
  const date = t.authorized_date ?? t.date;
  return DateTime.fromISO(date, { zone }).set({ hour: 12 }).toUTC().toISO() as string;
}

export function toTransaction(t: PlaidTransaction, fallbackCurrency: string, zone: string): Transaction {
  const currency = (t.iso_currency_code ?? fallbackCurrency).toUpperCase();
  const { amount, direction } = fromPlaidAmount(t.amount, currency);
  const merchant = t.merchant_name ?? undefined;
  return {
    id: t.transaction_id,
    accountId: t.account_id,
    date: instantOf(t, zone),
    amount,
    direction,
    status: t.pending ? 'pending' : 'booked',
    description:
      t.name ?? t.original_description ?? merchant ?? (direction === 'credit' ? 'Money in' : 'Money out'),
    ...(merchant ? { merchant } : {}),
    category: categoryFromPlaid(t.personal_finance_category),
  };
}
