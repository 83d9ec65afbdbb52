import { SandboxBank, type SandboxBankOptions } from '../../src/connectors/sandbox';
import type { ConnectorGrant, Transaction } from '../../src/connectors/types';

/** A Saturday afternoon in London, outside DST. */
export const NOW = new Date('2025-03-15T14:00:00Z');

export const CUSTOMER_IDS = ['cust_amelia', 'cust_daniel', 'cust_sofia'] as const;

export function makeBank(options: SandboxBankOptions = {}): SandboxBank {
  return new SandboxBank({ now: () => NOW, ...options });
}

export function grantFor(subject: string, accessToken = 'token-1'): ConnectorGrant {
  return { subject, accessToken, scopes: ['accounts', 'transactions'] };
}

/** Everything the bank holds for a customer (the window is well inside these dates). */
export async function allTransactions(bank: SandboxBank, subject: string): Promise<Transaction[]> {
  return bank.transactions(grantFor(subject), { from: '2000-01-01', to: '2100-01-01' });
}
