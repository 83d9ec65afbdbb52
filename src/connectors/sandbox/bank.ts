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
import { ACCOUNT_KEYS, accountId, accountsFor, fullNumber } from './accounts';
import { sandboxAtms } from './atms';
import { addDays } from './calendar';
import { CUSTOMERS, findCustomer, type CustomerProfile } from './customers';
import { authError } from './errors';
import { SandboxGazetteer } from './gazetteer';
import { CustomerLedger } from './ledger';
import { hashString } from './prng';
import { instantRange, localDatesOf, merchantMatcher, newestFirst, resolveZone } from './query';

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
  private readonly accountLists = new Map<string, Account[]>();
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

  /**
   * How the bank identifies an account to its owner over its own API (the Open Banking face with
   * ReadAccountsDetail): sort code and number, or a masked card number — never a full card number.
   */
  accountIdentification(
    customerId: string,
    id: string,
  ): { scheme: string; identification: string } | undefined {
    const profile = findCustomer(customerId);
    const key = profile && ACCOUNT_KEYS.find((k) => accountId(profile, k) === id);
    if (!profile || !key) return undefined;
    const number = fullNumber(this.seed, profile, key).replace(/[^0-9]/g, '');
    if (key === 'card')
      return { scheme: 'UK.OBIE.PAN', identification: `${'*'.repeat(12)}${number.slice(-4)}` };
    return profile.region === 'US'
      ? { scheme: 'US.RoutingNumberAccountNumber', identification: number }
      : { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: number };
  }

  async accounts(grant: ConnectorGrant): Promise<Account[]> {
    const profile = this.authorise(grant);
    let list = this.accountLists.get(profile.id);
    if (!list) {
      list = accountsFor(this.seed, profile);
      this.accountLists.set(profile.id, list);
    }
    return list.map((a) => ({ ...a }));
  }

  async balances(grant: ConnectorGrant, accountIds?: string[]): Promise<Balance[]> {
    const profile = this.authorise(grant);
    const now = this.now();
    const ledger = this.ledger(profile);
    const window = ledger.window(now);
    const pendingFrom = addDays(window.to, -1);
    const cutoff = now.getTime();
    // Days before yesterday are all booked and all in the past: their sums are cached. Should the
    // clock say otherwise, every day is walked one entry at a time.
    const settledTo = addDays(pendingFrom, -1);
    const settled = ledger.sums(window.from, settledTo);
    const useSettled = settled.lastAt <= cutoff;
    const walkFrom = useSettled ? pendingFrom : window.from;
    const keys = ACCOUNT_KEYS.filter((k) => !accountIds || accountIds.includes(accountId(profile, k)));
    return keys.map((key) => {
      let current = ledger.openingMinor(key, window.from) + (useSettled ? settled.sums[key] : 0);
      let pendingDebits = 0;
      for (const day of ledger.entriesByDay(walkFrom, window.to)) {
        for (const entry of day) {
          if (entry.account !== key || entry.at > cutoff) continue;
          const signed = entry.tx.direction === 'credit' ? 1 : -1;
          const pending = entry.card && entry.localDate >= pendingFrom;
          if (!pending) current += signed * entry.minor;
          else if (signed < 0) pendingDebits += entry.minor;
        }
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
    const pendingFrom = addDays(window.to, -1);
    const cutoff = now.getTime();
    const merchant =
      query.merchant !== undefined && query.merchant.trim() !== ''
        ? merchantMatcher(query.merchant)
        : undefined;
    const out: Transaction[] = [];
    // The same filters as matchesQuery, tested on the generated entry before any copy is made.
    for (const day of ledger.entriesByDay(from, to)) {
      for (const entry of day) {
        if (entry.at > cutoff || entry.at < range.start || entry.at >= range.end) continue;
        const tx = entry.tx;
        const status = entry.card && entry.localDate >= pendingFrom ? 'pending' : 'booked';
        if (query.accountIds && !query.accountIds.includes(tx.accountId)) continue;
        if (query.category !== undefined && tx.category !== query.category) continue;
        if (query.direction !== undefined && tx.direction !== query.direction) continue;
        if (query.includePending === false && status === 'pending') continue;
        if (merchant && !merchant(tx.merchant)) continue;
        out.push({ ...tx, status });
      }
    }
    // Generated in chronological order: reversed, it is usually already newest first.
    return out.reverse().sort(newestFirst);
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
}

function grantKey(grant: ConnectorGrant): string {
  return `${grant.subject}\u0000${grant.accessToken ?? ''}`;
}
