import fc from 'fast-check';
import {
  add,
  compare,
  currencyExponent,
  formatMoney,
  fromMinor,
  money,
  negate,
  subtract,
  sumByCurrency,
  toMinor,
} from '../../src/money';
import { maskAccountNumber } from '../../src/money/mask';

const currency = fc.constantFrom('GBP', 'USD', 'EUR', 'JPY', 'BHD');
const minor = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });

describe('money', () => {
  it('uses each currency’s own minor unit', () => {
    expect(currencyExponent('GBP')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
    expect(() => currencyExponent('XXXX')).toThrow(/Unknown currency/);
  });

  it('round-trips minor units through decimal strings exactly', () => {
    fc.assert(
      fc.property(minor, currency, (m, cur) => {
        const value = fromMinor(m, cur);
        expect(value.amount).toMatch(/^-?\d+(\.\d+)?$/);
        expect(toMinor(value)).toBe(m);
      }),
    );
  });

  it('adds without float error: 0.1 + 0.2 is 0.30', () => {
    expect(add(money('0.1', 'GBP'), money('0.2', 'GBP')).amount).toBe('0.30');
    fc.assert(
      fc.property(minor, minor, currency, (a, b, cur) => {
        const sum = add(fromMinor(a, cur), fromMinor(b, cur));
        expect(toMinor(sum)).toBe(a + b);
        expect(toMinor(subtract(sum, fromMinor(b, cur)))).toBe(a);
      }),
    );
  });

  it('orders amounts consistently with their minor units', () => {
    fc.assert(
      fc.property(minor, minor, (a, b) => {
        expect(compare(fromMinor(a, 'USD'), fromMinor(b, 'USD'))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it('refuses mixed currencies, bad decimals and too much precision', () => {
    expect(() => add(money('1', 'GBP'), money('1', 'USD'))).toThrow(/Currency mismatch/);
    expect(() => money('1.234', 'GBP')).toThrow(/Too many decimals/);
    expect(() => money('1e3', 'GBP')).toThrow(/Not a decimal/);
    expect(() => money('12,50', 'GBP')).toThrow(/Not a decimal/);
    expect(money('5', 'GBP').amount).toBe('5.00');
    expect(money('-0.00', 'GBP').amount).toBe('0.00');
    expect(negate(money('3.05', 'GBP')).amount).toBe('-3.05');
  });

  it('sums per currency', () => {
    const totals = sumByCurrency([money('1.10', 'GBP'), money('2.20', 'USD'), money('3.30', 'GBP')]);
    expect(Object.fromEntries([...totals].map(([k, v]) => [k, v.amount]))).toEqual({
      GBP: '4.40',
      USD: '2.20',
    });
  });

  it('formats in the account’s currency without going through a float', () => {
    expect(formatMoney(money('1234.5', 'GBP'))).toBe('£1,234.50');
    expect(formatMoney(money('-3.05', 'USD'), 'en-US')).toBe('-$3.05');
    expect(formatMoney(money('1200', 'JPY'))).toBe('¥1,200');
    // 2^53 + 1 minor units cannot be represented as a double; the string path keeps every digit.
    expect(formatMoney(fromMinor(9007199254740993n, 'GBP'))).toBe('£90,071,992,547,409.93');
  });
});

describe('account masking', () => {
  it('shows only the last 4 characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 -]{8,34}$/), (raw) => {
        const digits = raw.replace(/[^0-9]/g, '');
        const masked = maskAccountNumber(raw);
        expect(masked.replace(/[^0-9]/g, '')).toBe(digits.slice(-4));
      }),
    );
  });
});
