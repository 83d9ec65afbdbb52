import { ACCOUNT_TYPES, CATEGORIES } from '../../../src/connectors/types';
import {
  ACCOUNT_TYPE_SYNONYMS,
  CATEGORY_SYNONYMS,
  extractAccountType,
  extractCategory,
} from '../../../src/nlu/entities';
import { editDistance } from '../../../src/nlu/entities/fuzzy';

describe('extractAccountType', () => {
  test.each([
    ['balance of my current account', 'checking'],
    ['checking balance', 'checking'],
    ['main account', 'checking'],
    ['my everyday account', 'checking'],
    ['how much is in savings', 'savings'],
    ['my saver', 'savings'],
    ['ISA balance', 'savings'],
    ['rainy day pot', 'savings'],
    ['credit card balance', 'credit_card'],
    ['what is my card balance', 'credit_card'],
    ['amex', 'credit_card'],
    ['my Visa card', 'credit_card'],
    ['Mastercard statement', 'credit_card'],
    // typos
    ['savngs', 'savings'],
    ['my savigns account', 'savings'],
    ['credt card', 'credit_card'],
    ['creditt card bill', 'credit_card'],
    ['curent account', 'checking'],
    ['chekcing', 'checking'],
    ['Credit Cards', 'credit_card'],
  ])('%s → %s', (text, type) => {
    expect(extractAccountType(text)).toBe(type);
  });

  test.each([
    'current balance',
    'what can I afford',
    'am I saving money? change it',
    'visa debit',
    'my card',
    'hello',
    '',
  ])('no account type in %j', (text) => expect(extractAccountType(text)).toBeUndefined());

  test('vocabulary covers every account type', () => {
    expect(Object.keys(ACCOUNT_TYPE_SYNONYMS).sort()).toEqual([...ACCOUNT_TYPES].sort());
  });
});

describe('extractCategory', () => {
  test.each([
    ['groceries', 'groceries'],
    ['supermarket', 'groceries'],
    ['food shopping', 'groceries'],
    ['eating out', 'dining'],
    ['restaurants', 'dining'],
    ['takeaways', 'dining'],
    ['coffee', 'dining'],
    ['lunch and dinner', 'dining'],
    ['food delivery', 'dining'],
    ['uber', 'transport'],
    ['taxis', 'transport'],
    ['train tickets', 'transport'],
    ['buses', 'transport'],
    ['the tube', 'transport'],
    ['fuel', 'transport'],
    ['petrol', 'transport'],
    ['parking', 'transport'],
    ['shopping', 'shopping'],
    ['clothes', 'shopping'],
    ['movies', 'entertainment'],
    ['cinema', 'entertainment'],
    ['concerts', 'entertainment'],
    ['games', 'entertainment'],
    ['electricity', 'bills'],
    ['gas bill', 'bills'],
    ['phone bill', 'bills'],
    ['internet', 'bills'],
    ['utilities', 'bills'],
    ['subscriptions', 'subscriptions'],
    ['streaming', 'subscriptions'],
    ['flights', 'travel'],
    ['hotels', 'travel'],
    ['holidays', 'travel'],
    ['pharmacy', 'health'],
    ['gym', 'health'],
    ['doctor', 'health'],
    ['rent', 'housing'],
    ['mortgage', 'housing'],
    ['cash withdrawals', 'cash'],
    ['ATM withdrawals', 'cash'],
    ['transfers', 'transfers'],
    ['salary', 'income'],
    ['wages', 'income'],
    ['paid in', 'income'],
    ['bank fees', 'fees'],
    ['charges', 'fees'],
    ['interest', 'fees'],
    // typos and plurals
    ['restuarants', 'dining'],
    ['resturants', 'dining'],
    ['grocerys', 'groceries'],
    ['subscriptons', 'subscriptions'],
    ['entertainmnt', 'entertainment'],
    ['electricty', 'bills'],
    ['mortgages', 'housing'],
    ['pharmacies', 'health'],
  ])('%s → %s', (text, category) => {
    expect(extractCategory(text)).toBe(category);
  });

  test('an exact word beats a typo earlier in the sentence; longest phrase wins', () => {
    expect(extractCategory('restaurnts or groceries')).toBe('groceries');
    expect(extractCategory('food delivery')).toBe('dining');
    expect(extractCategory('food shopping')).toBe('groceries');
    expect(extractCategory('gas station')).toBe('transport');
  });

  test.each([
    'nearest cash machine',
    'cashpoint near me',
    'atm in Leeds',
    'change my address',
    'hello',
    'Tesco',
    'Netflix',
    '',
  ])('no category in %j', (text) => expect(extractCategory(text)).toBeUndefined());

  test('vocabulary uses only Teller categories', () => {
    for (const c of Object.keys(CATEGORY_SYNONYMS)) expect(CATEGORIES).toContain(c);
  });

  test('editDistance counts a transposition as one edit', () => {
    expect(editDistance('savngs', 'savings')).toBe(1);
    expect(editDistance('reciept', 'receipt')).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});
