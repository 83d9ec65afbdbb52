import { currencyExponent, fromMinor, type Money } from '../money';
import type { Direction } from './types';
import { ConnectorError } from './errors';

/**
 * Money as banks send it, normalised to Teller's decimal strings without float arithmetic.
 *
 * Plaid sends amounts as JSON numbers (positive = money out). By the time the client library hands
 * them over they are IEEE doubles; ECMAScript's Number → String conversion yields the *shortest*
 * decimal that round-trips to the same double, which for any amount with at most 15 significant
 * digits is exactly the decimal the bank wrote. From there everything is string digits and bigint.
 * Open Banking sends `{ Amount: "12.30", Currency }` plus a `CreditDebitIndicator`: strings already.
 */

const PLAIN = /^(-)?(\d+)(?:\.(\d+))?$/;
const SCIENTIFIC = /^(-)?(\d)(?:\.(\d+))?e([+-]\d+)$/;

/** The plain decimal text of a finite number: 12.3 → "12.3", 1e-7 → "0.0000001", 1e21 → "1000…0". */
export function decimalFromNumber(n: number): string {
  if (!Number.isFinite(n)) throw badAmount(String(n));
  const text = String(n);
  const sci = SCIENTIFIC.exec(text);
  if (!sci) return text;
  const [, sign = '', lead = '', frac = '', expText = '0'] = sci;
  const digits = lead + frac;
  const point = 1 + Number(expText); // position of the decimal point within `digits`
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + out;
}

/**
 * A decimal string scaled to integer minor units of `currency`, rounding half to even when the
 * source has more fraction digits than the currency (Open Banking allows 5; GBP has 2).
 */
export function decimalToMinor(decimal: string, currency: string): bigint {
  const m = PLAIN.exec(decimal.trim());
  if (!m) throw badAmount(decimal);
  const [, sign, whole = '0', frac = ''] = m;
  const exp = currencyExponent(currency);
  const kept = (frac + '0'.repeat(exp)).slice(0, exp);
  const rest = frac.slice(exp).replace(/0+$/, '');
  let minor = BigInt(whole + kept);
  if (rest !== '') {
    const first = Number(rest[0]);
    const tail = rest.length > 1;
    if (first > 5 || (first === 5 && (tail || minor % 2n === 1n))) minor += 1n;
  }
  return sign && minor !== 0n ? -minor : minor;
}

/** Plaid's signed amount: positive is money out of the account (a debit), negative money in. */
export function fromPlaidAmount(amount: number, currency: string): { amount: Money; direction: Direction } {
  const minor = decimalToMinor(decimalFromNumber(amount), currency);
  return {
    amount: fromMinor(minor < 0n ? -minor : minor, currency),
    direction: minor < 0n ? 'credit' : 'debit',
  };
}

/** Plaid's balance fields are plain signed values (negative = overdrawn); null means not reported. */
export function fromPlaidBalance(amount: number | null | undefined, currency: string): Money | undefined {
  if (amount === null || amount === undefined) return undefined;
  return fromMinor(decimalToMinor(decimalFromNumber(amount), currency), currency);
}

/** Open Banking's ActiveOrHistoricCurrencyAndAmount: `^\d{1,13}$|^\d{1,13}\.\d{1,5}$`. */
const OB_AMOUNT = /^\d{1,13}(?:\.\d{1,5})?$/;

export interface ObAmount {
  Amount: string;
  Currency: string;
}

/** An Open Banking amount with its indicator: always a positive Money plus a direction. */
export function fromOpenBankingAmount(
  value: ObAmount,
  indicator: string,
): { amount: Money; direction: Direction } {
  if (!OB_AMOUNT.test(value.Amount)) throw badAmount(value.Amount);
  if (indicator !== 'Credit' && indicator !== 'Debit')
    throw new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', 'Unknown CreditDebitIndicator');
  const currency = value.Currency.toUpperCase();
  return {
    amount: fromMinor(decimalToMinor(value.Amount, currency), currency),
    direction: indicator === 'Credit' ? 'credit' : 'debit',
  };
}

/** An Open Banking balance: Debit means the account is below zero (overdrawn, or owed on a card). */
export function fromOpenBankingBalance(value: ObAmount, indicator: string): Money {
  const { amount, direction } = fromOpenBankingAmount(value, indicator);
  return direction === 'debit' && !/^0+(\.0+)?$/.test(amount.amount)
    ? { ...amount, amount: `-${amount.amount}` }
    : amount;
}

/** The reverse, for servers and tests: a signed Money as an Open Banking amount + indicator. */
export function toOpenBankingAmount(money: Money): {
  Amount: ObAmount;
  CreditDebitIndicator: 'Credit' | 'Debit';
} {
  const negative = money.amount.startsWith('-');
  return {
    Amount: { Amount: negative ? money.amount.slice(1) : money.amount, Currency: money.currency },
    CreditDebitIndicator: negative ? 'Debit' : 'Credit',
  };
}

function badAmount(_text: string): ConnectorError {
  return new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', 'Not a decimal amount');
}
