import type { Money } from '../money';

/** Teller's own category set. Connectors map their source categories onto it. */
export const CATEGORIES = [
  'groceries',
  'dining',
  'transport',
  'shopping',
  'entertainment',
  'bills',
  'subscriptions',
  'travel',
  'health',
  'housing',
  'cash',
  'transfers',
  'income',
  'fees',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const ACCOUNT_TYPES = ['checking', 'savings', 'credit_card'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export interface Account {
  id: string;
  type: AccountType;
  /** The bank's product name, e.g. "Everyday Current Account". */
  name: string;
  /** Last 4 characters of the account or card number; the full number is never held. */
  last4: string;
  currency: string;
}

export interface Balance {
  accountId: string;
  /** Booked balance. For a credit card this is what is owed, as a negative amount. */
  current: Money;
  /** Spendable amount, when the bank reports one. */
  available?: Money;
  /** ISO 8601 instant the bank computed it. */
  asOf: string;
}

export type Direction = 'debit' | 'credit';

export interface Transaction {
  id: string;
  accountId: string;
  /** ISO 8601 instant the transaction was made (authorised). */
  date: string;
  /** Always positive; `direction` says which way it went. */
  amount: Money;
  direction: Direction;
  status: 'pending' | 'booked';
  description: string;
  merchant?: string;
  category: Category;
  /** ISO 18245 merchant category code, when known. */
  mcc?: string;
}

export interface TransactionQuery {
  /** Inclusive local date YYYY-MM-DD in `timezone`. */
  from: string;
  /** Inclusive local date YYYY-MM-DD in `timezone`. */
  to: string;
  /** IANA zone the dates are in; defaults to the connector's zone. */
  timezone?: string;
  accountIds?: string[];
  category?: Category;
  /** Case-insensitive merchant match. */
  merchant?: string;
  direction?: Direction;
  includePending?: boolean;
}

/** What the bank identified the customer as, plus whatever the connector needs to call it. */
export interface ConnectorGrant {
  /** The bank's id for the customer (OIDC `sub`, Plaid item id, sandbox customer id). */
  subject: string;
  accessToken?: string;
  scopes: string[];
  /** The bank-side consent this grant rests on (Open Banking ConsentId), needed to revoke it. */
  consentId?: string;
}

export interface ConnectorCapabilities {
  atms: boolean;
  pendingTransactions: boolean;
  merchantNames: boolean;
}

/** Per-call options. `signal` aborts when Teller stops waiting (timeout); HTTP connectors pass it on. */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * Implement this once to plug a bank into Teller. Reads never write anything at the bank; errors are
 * `ConnectorError`s with stable codes (src/connectors/errors.ts). Wrap it with `resilient()` for
 * timeouts, retries and a circuit breaker; check it with `npx teller connector test <module>`.
 */
export interface BankConnector {
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: ConnectorCapabilities;
  accounts(grant: ConnectorGrant, options?: CallOptions): Promise<Account[]>;
  balances(grant: ConnectorGrant, accountIds?: string[], options?: CallOptions): Promise<Balance[]>;
  /** Newest first. */
  transactions(grant: ConnectorGrant, query: TransactionQuery, options?: CallOptions): Promise<Transaction[]>;
  /** Revokes the customer's consent at the bank. Idempotent. */
  revoke(grant: ConnectorGrant, options?: CallOptions): Promise<void>;
}

export interface Atm {
  id: string;
  name: string;
  operator: string;
  lat: number;
  lon: number;
  address: string;
  city: string;
  postcode?: string;
  /** OpenStreetMap `opening_hours` syntax, e.g. "24/7" or "Mo-Sa 08:00-20:00". */
  openingHours?: string;
  /** IANA zone of its opening hours; a search's `timezone` applies when absent. */
  timezone?: string;
  /** Fee per withdrawal; `null` means free, `undefined` unknown. */
  fee?: Money | null;
  deposits?: boolean;
  wheelchair?: boolean;
}

export interface AtmSearch {
  lat: number;
  lon: number;
  radiusMeters?: number;
  limit?: number;
  feeFree?: boolean;
  deposits?: boolean;
  /** Keep only ATMs known to be wheelchair accessible (`wheelchair: true`). */
  wheelchair?: boolean;
  /** Keep only ATMs open at this instant (by their `openingHours`; unknown hours are kept). */
  openAt?: Date;
  /** IANA zone the opening hours are read in, for ATMs that name none; defaults to 'Europe/London'. */
  timezone?: string;
}

export interface AtmResult {
  atm: Atm;
  distanceMeters: number;
}

export interface AtmDirectory {
  search(query: AtmSearch): Promise<AtmResult[]>;
}

export interface Place {
  name: string;
  lat: number;
  lon: number;
  kind: 'postcode' | 'place' | 'street';
}

/** Resolves a postcode, address or place name to coordinates, with no network. */
export interface Gazetteer {
  lookup(text: string): Place | undefined;
}
