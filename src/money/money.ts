/**
 * Money is never a JS float. An amount is a decimal string in the currency's major unit
 * ("12.50", "-3.05") and arithmetic happens on integer minor units held in a bigint.
 */
export interface Money {
  /** Decimal string, optional leading '-', at most the currency's number of fraction digits. */
  amount: string;
  /** ISO 4217 code, upper case. */
  currency: string;
}

export class MoneyError extends Error {
  readonly code = 'TELLER_ERR_MONEY';
}

const exponentCache = new Map<string, number>();

/** Number of minor-unit digits for a currency (GBP 2, JPY 0, BHD 3), from ICU data. */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  let exp = exponentCache.get(code);
  if (exp === undefined) {
    try {
      exp = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits as number;
    } catch {
      throw new MoneyError(`Unknown currency: ${currency}`);
    }
    exponentCache.set(code, exp);
  }
  return exp;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string into integer minor units. Rejects more precision than the currency has. */
export function toMinor(m: Money): bigint {
  const match = DECIMAL.exec(m.amount.trim());
  if (!match) throw new MoneyError(`Not a decimal amount: ${JSON.stringify(m.amount)}`);
  const exp = currencyExponent(m.currency);
  const [, sign, whole = '0', frac = ''] = match;
  const trimmedFrac = frac.replace(/0+$/, '');
  if (trimmedFrac.length > exp) throw new MoneyError(`Too many decimals for ${m.currency}: ${m.amount}`);
  const minor = BigInt(whole) * 10n ** BigInt(exp) + BigInt((frac + '0'.repeat(exp)).slice(0, exp) || '0');
  return sign && minor !== 0n ? -minor : minor;
}

/** Builds Money from integer minor units. */
export function fromMinor(minor: bigint | number, currency: string): Money {
  const value = typeof minor === 'number' ? BigInt(minor) : minor;
  if (typeof minor === 'number' && !Number.isSafeInteger(minor))
    throw new MoneyError('Minor units must be an integer');
  const exp = currencyExponent(currency);
  const neg = value < 0n;
  const abs = (neg ? -value : value).toString().padStart(exp + 1, '0');
  const whole = exp === 0 ? abs : abs.slice(0, abs.length - exp);
  const frac = exp === 0 ? '' : '.' + abs.slice(abs.length - exp);
  return { amount: `${neg ? '-' : ''}${whole}${frac}`, currency: currency.toUpperCase() };
}

/** Normalises a decimal string to the currency's fixed number of decimals ("5" GBP → "5.00"). */
export function money(amount: string, currency: string): Money {
  return fromMinor(toMinor({ amount, currency }), currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency.toUpperCase() !== b.currency.toUpperCase())
    throw new MoneyError(`Currency mismatch: ${a.currency} vs ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return fromMinor(toMinor(a) + toMinor(b), a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return fromMinor(toMinor(a) - toMinor(b), a.currency);
}

export function negate(a: Money): Money {
  return fromMinor(-toMinor(a), a.currency);
}

export function abs(a: Money): Money {
  const m = toMinor(a);
  return fromMinor(m < 0n ? -m : m, a.currency);
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  const d = toMinor(a) - toMinor(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function isZero(a: Money): boolean {
  return toMinor(a) === 0n;
}

/** Sums amounts per currency; an empty list gives an empty map. */
export function sumByCurrency(list: Money[]): Map<string, Money> {
  const totals = new Map<string, bigint>();
  for (const m of list) {
    const cur = m.currency.toUpperCase();
    totals.set(cur, (totals.get(cur) ?? 0n) + toMinor(m));
  }
  return new Map([...totals].map(([cur, minor]) => [cur, fromMinor(minor, cur)]));
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats in the account's currency ("£1,234.50", "-$3.05"). Intl.NumberFormat accepts the
 * decimal string directly, so no float is ever created.
 */
export function formatMoney(m: Money, locale = 'en-GB'): string {
  const key = `${locale}|${m.currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: m.currency,
      currencyDisplay: 'narrowSymbol',
    });
    formatters.set(key, f);
  }
  // Intl formats string input exactly (ECMA-402 "Intl.NumberFormat v3"); the cast is for older lib typings.
  return f.format(money(m.amount, m.currency).amount as unknown as number);
}
