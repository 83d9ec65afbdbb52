import fc from 'fast-check';
import {
  categoryFromMcc,
  categoryFromPlaid,
  MCC_RANGES,
  PLAID_DETAILED,
  PLAID_PRIMARY,
} from '../../src/connectors/categories';
import { pfcFor } from '../../src/connectors/plaid/server';
import { CATEGORIES } from '../../src/connectors/types';

describe('MCC ranges (ISO 18245)', () => {
  it('is a well-formed table of known categories', () => {
    for (const [from, to, category] of MCC_RANGES) {
      expect(from).toBeLessThanOrEqual(to);
      expect(to).toBeLessThanOrEqual(9999);
      expect(CATEGORIES).toContain(category);
    }
  });

  it.each([
    ['5411', 'groceries'],
    ['5499', 'groceries'],
    ['5812', 'dining'],
    ['5814', 'dining'],
    ['4111', 'transport'],
    ['4121', 'transport'],
    ['5541', 'transport'],
    ['3005', 'travel'],
    ['4511', 'travel'],
    ['7011', 'travel'],
    ['6011', 'cash'],
    ['4900', 'bills'],
    ['4814', 'bills'],
    ['6300', 'bills'],
    ['9311', 'bills'],
    ['6513', 'housing'],
    ['5912', 'health'],
    ['8021', 'health'],
    ['5815', 'subscriptions'],
    ['5968', 'subscriptions'],
    ['7832', 'entertainment'],
    ['5311', 'shopping'],
    ['5999', 'shopping'],
    ['9222', 'fees'],
    ['4829', 'transfers'],
    ['0001', 'other'],
  ])('%s → %s', (mcc, category) => {
    expect(categoryFromMcc(mcc)).toBe(category);
  });

  it('is total: any input gives a category, malformed codes give other (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const c = categoryFromMcc(s);
        expect(CATEGORIES).toContain(c);
        if (!/^\d{4}$/.test(s)) expect(c).toBe('other');
      }),
    );
    expect(categoryFromMcc(undefined)).toBe('other');
  });
});

describe('Plaid personal_finance_category', () => {
  it('maps detailed codes first, then the primary, else other', () => {
    expect(categoryFromPlaid({ primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_GROCERIES' })).toBe(
      'groceries',
    );
    expect(categoryFromPlaid({ primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_COFFEE' })).toBe(
      'dining',
    );
    expect(categoryFromPlaid({ primary: 'TRANSFER_OUT', detailed: 'TRANSFER_OUT_WITHDRAWAL' })).toBe('cash');
    expect(categoryFromPlaid({ primary: 'RENT_AND_UTILITIES', detailed: 'RENT_AND_UTILITIES_RENT' })).toBe(
      'housing',
    );
    expect(categoryFromPlaid({ primary: 'RENT_AND_UTILITIES', detailed: 'RENT_AND_UTILITIES_WATER' })).toBe(
      'bills',
    );
    expect(categoryFromPlaid({ primary: 'INCOME', detailed: 'INCOME_WAGES' })).toBe('income');
    expect(categoryFromPlaid({ primary: 'SOMETHING_NEW', detailed: 'SOMETHING_NEW_X' })).toBe('other');
    expect(categoryFromPlaid(null)).toBe('other');
    for (const c of [...Object.values(PLAID_PRIMARY), ...Object.values(PLAID_DETAILED)])
      expect(CATEGORIES).toContain(c);
  });

  it('every Teller category survives the local Plaid server and back', () => {
    for (const category of CATEGORIES)
      for (const direction of ['debit', 'credit'] as const)
        expect(categoryFromPlaid(pfcFor(category, direction))).toBe(category);
  });
});
