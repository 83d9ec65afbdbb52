import { last4 } from '../../money';
import type { Account, AccountType } from '../types';
import type { AccountKey, CustomerProfile } from './customers';
import { Rng } from './prng';

export const ACCOUNT_KEYS: readonly AccountKey[] = ['checking', 'savings', 'card'];

const TYPES: Record<AccountKey, AccountType> = {
  checking: 'checking',
  savings: 'savings',
  card: 'credit_card',
};

export function accountId(profile: CustomerProfile, key: AccountKey): string {
  return `acc_${profile.short}_${key}`;
}

/** Appends a Luhn check digit, so card numbers look real. */
function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** The full account or card number. Internal only: the connector exposes just the last 4. */
export function fullNumber(seed: string, profile: CustomerProfile, key: AccountKey): string {
  const rng = new Rng(seed, profile.id, key, 'number');
  if (key === 'card') return withLuhn((profile.region === 'US' ? '4' : '5') + rng.digits(14));
  // UK: sort code + 8-digit account number; US: ABA routing number + 10-digit account number.
  return profile.region === 'US'
    ? `021000021-${rng.digits(10)}`
    : `20-${rng.digits(2)}-${rng.digits(2)} ${rng.digits(8)}`;
}

export function accountsFor(seed: string, profile: CustomerProfile): Account[] {
  return ACCOUNT_KEYS.map((key) => ({
    id: accountId(profile, key),
    type: TYPES[key],
    name: profile.accountNames[key],
    last4: last4(fullNumber(seed, profile, key)),
    currency: profile.currency,
  }));
}

/**
 * Seeded opening amount (minor units). Savings: the balance at the start of the data window.
 * Current account: the cushion left the day before payday (the ledger adds what is still to go out).
 */
export function openingMinor(seed: string, profile: CustomerProfile, key: 'checking' | 'savings'): number {
  const rng = new Rng(seed, profile.id, key, 'opening');
  return rng.int(...(key === 'savings' ? profile.openingSavings : profile.openingChecking));
}
