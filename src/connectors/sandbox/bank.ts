import { fromMinor, type Money } from '../../money';
import { MemoryAtmDirectory } from '../atm/memory';
import type {
  Account,
  AtmDirectory,
  Balance,
  BankConnector,
  ConnectorCapabilities,
  ConnectorGrant,
  Gazetteer,
  Transaction,
  TransactionQuery,
} from '../types';
import { ACCOUNT_KEYS, accountId, accountsFor } from './accounts';
import { sandboxAtms } from './atms';
import { addDays } from './calendar';
import { CUSTOMERS, findCustomer, type CustomerProfile } from './customers';
import { authError } from './errors';
import { SandboxGazetteer } from './gazetteer';
import { CustomerLedger, type LedgerEntry } from './ledger';
import { hashString } from './prng';
import { instantRange, localDatesOf, matchesQuery, newestFirst, resolveZone } from './query';

export interface SandboxBankOptions {
  /** Same seed, same data. Defaults to 'teller-sandbox'. */
  seed?: string;
  /** Clock; defaults to the real time. */
  now?: () => Date;
  /** Zone for queries that name none. Defaults to 'Europe/London'. */
  timezone?: string;
}

export interface SandboxCustomer {
  id: string;
  name: string;
  homeCity: string;
  currency: string;
}

/** Where the generated history starts and what each account held then (for tests and demos). */
export interface SandboxLedgerInfo {
  customerId: string;
  timezone: string;
  /** First local date with data, in the customer's zone. */
  from: string;
  /** Today, in the customer's zone. */
  to: string;
  accounts: { accountId: string; opening: Money; creditLimit?: Money }[];
}

/** A deterministic, seeded demo bank with a few customers, ATMs and a gazetteer. Never touches a network. */
export class SandboxBank implements BankConnector {
  readonly id = 'sandbox';
  readonly displayName = 'Sandbox Bank';
  readonly capabilities: ConnectorCapabilities = {
    atms: true,
    pendingTransactions: true,
    merchantNames: true,
  };
  readonly atms: AtmDirectory;
  readonly gazetteer: Gazetteer;
  readonly timezone: string;

  private readonly seed: string;
  private readonly now: () => Date;
  private readonly ledgers = new Map<string, CustomerLedger>();
  private readonly revoked = new Set<string>();

  constructor(options: SandboxBankOptions = {}) {
    this.seed = options.seed ?? 'teller-sandbox';
    this.now = options.now ?? (() => new Date());
    this.timezone = resolveZone(options.timezone, 'Europe/London');
    this.atms = new MemoryAtmDirectory(sandboxAtms());
    this.gazetteer = new SandboxGazetteer();
  }

  listCustomers(): SandboxCustomer[] {
    return CUSTOMERS.map(({ id, name, homeCity, currency }) => ({ id, name, homeCity, currency }));
  }

  /** A stable demo identity for a chat user, so everyone gets a sensible default. */
  defaultCustomerFor(userId: string): string {
    return (CUSTOMERS[hashString(userId) % CUSTOMERS.length] as CustomerProfile).id;
  }

  ledgerInfo(customerId: string): SandboxLedgerInfo {
    const profile = findCustomer(customerId);
    if (!profile) throw authError(`Unknown sandbox customer: ${customerId}`);
    const ledger = this.ledger(profile);
    const window = ledger.window(this.now());
    return {
      customerId,
      timezone: profile.timezone,
      ...window,
      accounts: ACCOUNT_KEYS.map((key) => ({
        accountId: accountId(profile, key),
        opening: fromMinor(ledger.openingMinor(key, window.from), profile.currency),
        ...(key === 'card' ? { creditLimit: fromMinor(profile.creditLimit, profile.currency) } : {}),
      })),
    };
  }

  async accounts(grant: ConnectorGrant): Promise<Account[]> {
    return accountsFor(this.seed, this.authorise(grant));
  }

  async balances(grant: ConnectorGrant, accountIds?: string[]): Promise<Balance[]> {
    const profile = this.authorise(grant);
    const now = this.now();
    const ledger = this.ledger(profile);
    const window = ledger.window(now);
    const entries = this.visible(ledger, window.from, window.to, now);
    const keys = ACCOUNT_KEYS.filter((k) => !accountIds || accountIds.includes(accountId(profile, k)));
    return keys.map((key) => {
      let current = ledger.openingMinor(key, window.from);
      let pendingDebits = 0;
      for (const { entry, status } of entries) {
        if (entry.account !== key) continue;
        const signed = entry.tx.direction === 'credit' ? 1 : -1;
        if (status === 'booked') current += signed * entry.minor;
        else if (signed < 0) pendingDebits += entry.minor;
      }
      const available = (key === 'card' ? profile.creditLimit : 0) + current - pendingDebits;
      return {
        accountId: accountId(profile, key),
        current: fromMinor(current, profile.currency),
        available: fromMinor(available, profile.currency),
        asOf: now.toISOString(),
      };
    });
  }

  async transactions(grant: ConnectorGrant, query: TransactionQuery): Promise<Transaction[]> {
    const profile = this.authorise(grant);
    const now = this.now();
    const ledger = this.ledger(profile);
    const window = ledger.window(now);
    const range = instantRange(query.from, query.to, resolveZone(query.timezone, this.timezone));
    if (range.end <= range.start) return [];
    const local = localDatesOf(range, profile.timezone);
    const from = local.from > window.from ? local.from : window.from;
    const to = local.to < window.to ? local.to : window.to;
    return this.visible(ledger, from, to, now)
      .filter(({ entry }) => entry.at >= range.start && entry.at < range.end)
      .map(({ entry, status }): Transaction => ({ ...entry.tx, status }))
      .filter((tx) => matchesQuery(tx, query))
      .sort(newestFirst);
  }

  async revoke(grant: ConnectorGrant): Promise<void> {
    if (!findCustomer(grant.subject)) return;
    this.revoked.add(grantKey(grant));
  }

  private authorise(grant: ConnectorGrant): CustomerProfile {
    const profile = findCustomer(grant.subject);
    if (!profile) throw authError(`Unknown sandbox customer: ${grant.subject}`);
    if (this.revoked.has(grantKey(grant))) throw authError('This sandbox grant has been revoked');
    return profile;
  }

  private ledger(profile: CustomerProfile): CustomerLedger {
    let ledger = this.ledgers.get(profile.id);
    if (!ledger) {
      ledger = new CustomerLedger(this.seed, profile);
      this.ledgers.set(profile.id, ledger);
    }
    return ledger;
  }

  /** Entries that have happened by `now`, with card purchases from yesterday and today still pending. */
  private visible(ledger: CustomerLedger, from: string, to: string, now: Date) {
    const today = ledger.window(now).to;
    const pendingFrom = addDays(today, -1);
    const cutoff = now.getTime();
    return ledger
      .entries(from, to)
      .filter((entry) => entry.at <= cutoff)
      .map((entry: LedgerEntry) => ({
        entry,
        status: entry.card && entry.localDate >= pendingFrom ? ('pending' as const) : ('booked' as const),
      }));
  }
}

function grantKey(grant: ConnectorGrant): string {
  return `${grant.subject}\u0000${grant.accessToken ?? ''}`;
}
