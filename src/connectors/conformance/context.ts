import type { Account, BankConnector, ConnectorGrant, Transaction } from '../types';
import type { ConnectorHarness } from './types';

/** What every check gets: the harness, one linked grant, its accounts and 90 days of transactions. */
export interface SuiteContext {
  harness: ConnectorHarness;
  connector: BankConnector;
  grant: ConnectorGrant;
  accounts: Account[];
  /** The last 90 UTC days, inclusive. */
  window: { from: string; to: string };
  /** Every transaction in `window` (UTC). */
  all: Transaction[];
  zone: string;
}

export async function suiteContext(harness: ConnectorHarness, now = new Date()): Promise<SuiteContext> {
  const grant = await harness.link();
  const accounts = await harness.connector.accounts(grant);
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 89 * 86_400_000).toISOString().slice(0, 10);
  const all = await harness.connector.transactions(grant, { from, to, timezone: 'UTC' });
  return {
    harness,
    connector: harness.connector,
    grant,
    accounts,
    window: { from, to },
    all,
    zone: harness.timezone ?? 'Europe/London',
  };
}
