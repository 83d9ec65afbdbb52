import type { AtmDirectory, BankConnector, Gazetteer } from '../types';
import type { SandboxBank } from './bank';

/** A connector with the sandbox bank's demo identities, ATMs and place names: what createBot takes. */
export type SandboxDirected = BankConnector & {
  listCustomers(): { id: string; name: string }[];
  defaultCustomerFor(userId: string): string;
  atms: AtmDirectory;
  gazetteer: Gazetteer;
};

/**
 * Reads go to `connector` (Open Banking, Plaid… over HTTP); the demo identities offered at sign-in,
 * the ATM directory and the gazetteer are the sandbox bank's, whose data those servers serve.
 */
export function withSandboxDirectory(connector: BankConnector, bank: SandboxBank): SandboxDirected {
  return {
    id: connector.id,
    displayName: connector.displayName,
    capabilities: { ...connector.capabilities, atms: true },
    accounts: (grant, options) => connector.accounts(grant, options),
    balances: (grant, ids, options) => connector.balances(grant, ids, options),
    transactions: (grant, query, options) => connector.transactions(grant, query, options),
    revoke: (grant, options) => connector.revoke(grant, options),
    listCustomers: () => bank.listCustomers(),
    defaultCustomerFor: (userId) => bank.defaultCustomerFor(userId),
    atms: bank.atms,
    gazetteer: bank.gazetteer,
  };
}
