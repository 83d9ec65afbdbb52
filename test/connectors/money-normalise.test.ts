import fc from 'fast-check';
import { fromMinor, toMinor } from '../../src/money';
import {
  decimalFromNumber,
  decimalToMinor,
  fromOpenBankingAmount,
  fromOpenBankingBalance,
  fromPlaidAmount,
  fromPlaidBalance,
  toOpenBankingAmount,
} from '../../src/connectors/money';

const currencies = fc.constantFrom('GBP', 'USD', 'EUR', 'JPY', 'BHD');
/** Up to 13 integer digits: every Plaid or Open Banking amount Teller will ever see, and then some. */
const minor = fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n });

describe('decimalFromNumber', () => {
  it('writes plain decimals, also where String() would use an exponent', () => {
    expect(decimalFromNumber(12.3)).toBe('12.3');
    expect(decimalFromNumber(-0.05)).toBe('-0.05');
    expect(decimalFromNumber(1e-7)).toBe('0.0000001');
    expect(decimalFromNumber(1.5e-7)).toBe('0.00000015');
    expect(decimalFromNumber(1e21)).toBe('1000000000000000000000');
    expect(decimalFromNumber(1.25e22)).toBe('12500000000000000000000');
    expect(() => decimalFromNumber(Number.NaN)).toThrow();
    expect(() => decimalFromNumber(Infinity)).toThrow();
  });

  it('names the same number it was given (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(Number(decimalFromNumber(n))).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe('Plaid amounts (JSON numbers, positive = money out)', () => {
  it('maps signs to directions exactly', () => {
    expect(fromPlaidAmount(12.3, 'USD')).toEqual({
      amount: { amount: '12.30', currency: 'USD' },
      direction: 'debit',
    });
    expect(fromPlaidAmount(-2500, 'USD')).toEqual({
      amount: { amount: '2500.00', currency: 'USD' },
      direction: 'credit',
    });
    expect(fromPlaidAmount(0.1 + 0.2, 'USD').amount.amount).toBe('0.30');
    expect(fromPlaidAmount(1234, 'JPY').amount.amount).toBe('1234');
    expect(fromPlaidBalance(-10.5, 'GBP')).toEqual({ amount: '-10.50', currency: 'GBP' });
    expect(fromPlaidBalance(null, 'GBP')).toBeUndefined();
  });

  it('recovers the exact minor units of any amount that went through JSON as a float (property)', () => {
    fc.assert(
      fc.property(minor, currencies, (m, currency) => {
        const decimal = fromMinor(m, currency).amount;
        const wire = JSON.parse(JSON.stringify({ amount: Number(decimal) })) as { amount: number };
        const { amount, direction } = fromPlaidAmount(wire.amount, currency);
        const abs = m < 0n ? -m : m;
        expect(toMinor(amount)).toBe(abs);
        expect(direction).toBe(m < 0n ? 'credit' : 'debit');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decimalToMinor', () => {
  it('rounds extra fraction digits half to even', () => {
    expect(decimalToMinor('1.005', 'GBP')).toBe(100n);
    expect(decimalToMinor('1.015', 'GBP')).toBe(102n);
    expect(decimalToMinor('1.0051', 'GBP')).toBe(101n);
    expect(decimalToMinor('-1.015', 'GBP')).toBe(-102n);
    expect(decimalToMinor('2.5', 'JPY')).toBe(2n);
    expect(decimalToMinor('3.5', 'JPY')).toBe(4n);
    expect(decimalToMinor('0.0004', 'BHD')).toBe(0n);
    expect(() => decimalToMinor('1e5', 'GBP')).toThrow();
    expect(() => decimalToMinor('12,30', 'GBP')).toThrow();
  });
});

describe('Open Banking amounts (string + CreditDebitIndicator)', () => {
  it('maps Credit and Debit and validates the v3.1 amount pattern', () => {
    expect(fromOpenBankingAmount({ Amount: '10.5', Currency: 'GBP' }, 'Debit')).toEqual({
      amount: { amount: '10.50', currency: 'GBP' },
      direction: 'debit',
    });
    expect(fromOpenBankingAmount({ Amount: '0.00001', Currency: 'GBP' }, 'Credit').amount.amount).toBe(
      '0.00',
    );
    expect(() => fromOpenBankingAmount({ Amount: '-1.00', Currency: 'GBP' }, 'Debit')).toThrow();
    expect(() => fromOpenBankingAmount({ Amount: '1.000001', Currency: 'GBP' }, 'Debit')).toThrow();
    expect(() => fromOpenBankingAmount({ Amount: '1.00', Currency: 'GBP' }, 'Sideways')).toThrow();
    expect(fromOpenBankingBalance({ Amount: '0.00', Currency: 'GBP' }, 'Debit').amount).toBe('0.00');
  });

  it('a signed balance survives the trip to Open Banking and back (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), currencies, (m, currency) => {
        const money = fromMinor(m, currency);
        const ob = toOpenBankingAmount(money);
        expect(ob.CreditDebitIndicator).toBe(m < 0n ? 'Debit' : 'Credit');
        expect(fromOpenBankingBalance(ob.Amount, ob.CreditDebitIndicator)).toEqual(money);
      }),
    );
  });
});
