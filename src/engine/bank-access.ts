import type {
  Account,
  AccountType,
  Balance,
  BankConnector,
  ConnectorGrant,
  Transaction,
  TransactionQuery,
} from '../connectors/types';
import { resilient } from '../connectors/resilience';
import type { AuditLog } from './audit';
import { errorCode, TellerError } from './errors';

export interface BankAccessOptions {
  connector: BankConnector;
  grant: ConnectorGrant;
  audit: AuditLog;
  user: string;
  intent: string;
  /** Called when a bank call starts, so channels can show typing if it turns out slow. */
  onBusy?: () => void;
  /** Called when that call has finished, successfully or not. */
  onIdle?: () => void;
  /** How long each bank call took, in seconds (metrics). */
  onTimed?: (seconds: number) => void;
}

export interface AccountBalance {
  account: Account;
  balance: Balance;
}

/**
 * What a handler sees of the customer's bank: read-only, audited, and only after opt-in. Errors
 * from the connector surface as TELLER_ERR_CONNECTOR_* codes that the error boundary explains.
 */
export class BankAccess {
  constructor(private readonly o: BankAccessOptions) {}

  get displayName(): string {
    return this.o.connector.displayName;
  }

  /** The connector behind timeouts, retries (reads) and its shared circuit breaker. */
  private get bank(): BankConnector {
    return resilient(this.o.connector);
  }

  accounts(type?: AccountType): Promise<Account[]> {
    return this.call('accounts', 'accounts:read', async () => {
      const list = await this.bank.accounts(this.o.grant);
      return type ? list.filter((a) => a.type === type) : list;
    });
  }

  /** Balances with their accounts, optionally for one account type. */
  async balances(type?: AccountType): Promise<AccountBalance[]> {
    const accounts = await this.accounts(type);
    if (accounts.length === 0) return [];
    const ids = accounts.map((a) => a.id);
    const balances = await this.call('balances', 'balances:read', () =>
      this.bank.balances(this.o.grant, ids),
    );
    const byId = new Map(balances.map((b) => [b.accountId, b]));
    return accounts.flatMap((account) => {
      const balance = byId.get(account.id);
      return balance ? [{ account, balance }] : [];
    });
  }

  transactions(query: TransactionQuery): Promise<Transaction[]> {
    return this.call('transactions', 'transactions:read', () => this.bank.transactions(this.o.grant, query));
  }

  private async call<T>(
    operation: 'accounts' | 'balances' | 'transactions',
    scope: string,
    fn: () => Promise<T>,
  ) {
    if (
      !this.o.grant.scopes.includes(scope) &&
      !(scope === 'accounts:read' && this.o.grant.scopes.length > 0)
    )
      throw new TellerError('TELLER_ERR_NOT_LINKED', `The grant lacks ${scope}`);
    this.o.onBusy?.();
    const started = Date.now();
    const base = {
      user: this.o.user,
      connector: this.o.connector.id,
      operation,
      scope,
      intent: this.o.intent,
      at: new Date(started).toISOString(),
    };
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      this.o.onIdle?.();
      this.o.onTimed?.((Date.now() - started) / 1000);
    };
    try {
      const result = await fn();
      settle();
      await this.o.audit.record({ ...base, outcome: 'ok', durationMs: Date.now() - started });
      return result;
    } catch (err) {
      settle();
      const code = errorCode(err);
      await this.o.audit.record({
        ...base,
        outcome: 'error',
        errorCode: code,
        durationMs: Date.now() - started,
      });
      if (code === 'TELLER_ERR_CONNECTOR_AUTH') throw err;
      // The audit keeps the precise code (TIMEOUT, CIRCUIT_OPEN, BAD_RESPONSE…); the customer hears "try later".
      throw new TellerError('TELLER_ERR_CONNECTOR_UNAVAILABLE', undefined, { cause: err });
    }
  }
}
