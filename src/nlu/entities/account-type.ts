/** Account types: "current account" → checking, "ISA" → savings, "amex" → credit_card. Typo-tolerant. */
import type { AccountType } from '../../connectors/types';
import { PhraseMatcher } from './fuzzy';
import type { Found } from './text';

export const ACCOUNT_TYPE_SYNONYMS: Readonly<Record<AccountType, readonly string[]>> = {
  checking: [
    'checking',
    'checking account',
    'chequing',
    'cheque account',
    'current account',
    'current acc',
    'main account',
    'everyday',
    'everyday account',
    'debit account',
    'spending account',
  ],
  savings: [
    'savings',
    'savings account',
    'saver',
    'saver account',
    'isa',
    'cash isa',
    'stocks and shares isa',
    'lifetime isa',
    'lisa',
    'rainy day',
    'rainy day fund',
    'rainy day pot',
    'savings pot',
    'deposit account',
    'nest egg',
  ],
  credit_card: [
    'credit card',
    'creditcard',
    'credit card balance',
    'card balance',
    'credit limit',
    'amex',
    'american express',
    'visa card',
    'visa credit',
    'mastercard',
    'master card',
    'barclaycard',
  ],
};

const matcher = new PhraseMatcher<AccountType>(
  Object.entries(ACCOUNT_TYPE_SYNONYMS).flatMap(([type, phrases]) =>
    phrases.map((p) => [p, type as AccountType] as const),
  ),
);

export function findAccountType(text: string): Found<AccountType> | undefined {
  const m = matcher.find(text);
  return m && { value: m.value, start: m.start, end: m.end };
}

export function extractAccountType(text: string): AccountType | undefined {
  return findAccountType(text)?.value;
}
