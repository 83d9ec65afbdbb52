import type { BankConnector, ConnectorGrant } from '../types';

/**
 * Trouble the bank's test server can make on request. Each hook is optional: checks that need a
 * missing one are reported as skipped, never as passed.
 */
export interface ConnectorFaults {
  /** This grant's access token stops working, as if it expired at the bank. */
  expire?(grant: ConnectorGrant): Promise<void> | void;
  /** The next `count` requests to the bank answer HTTP `status`. */
  failNext?(status: number, count: number): void;
  /** The next `count` requests take `ms` before the bank answers. */
  delayNext?(ms: number, count: number): void;
  /** Back to normal. */
  reset?(): void;
}

/** What a connector module gives the conformance kit: a connector, a way to link a test customer, cleanup. */
export interface ConnectorHarness {
  connector: BankConnector;
  /** Links a test customer (with transaction history) and returns the grant Teller would store. */
  link(): Promise<ConnectorGrant>;
  faults?: ConnectorFaults;
  /** IANA zone of the test customer's bank; the date checks also run in other zones. */
  timezone?: string;
  teardown?(): Promise<void>;
}

/**
 * The default export of a connector module: `npx teller connector test ./my-bank.ts` calls it
 * once per run and `teardown()` at the end. Start local test servers here.
 */
export type ConnectorModule = () => Promise<ConnectorHarness>;

/** Identity helper, for types: `export default defineConnectorModule(async () => ({ ... }))`. */
export function defineConnectorModule(factory: ConnectorModule): ConnectorModule {
  return factory;
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. Never figures or tokens. */
  detail?: string;
  ms: number;
}

export interface ConformanceReport {
  connector: string;
  results: CheckResult[];
  passed: boolean;
}
