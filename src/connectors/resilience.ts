import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  BrokenCircuitError,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { ConnectorError, isTransient } from './errors';
import type {
  Account,
  Balance,
  BankConnector,
  CallOptions,
  ConnectorCapabilities,
  ConnectorGrant,
  Transaction,
  TransactionQuery,
} from './types';

export interface ResilienceOptions {
  /** Per attempt. Default 8000 ms. */
  timeoutMs?: number;
  /** Extra attempts for reads after a 5xx, a dropped connection or a timeout. Default 2. */
  retries?: number;
  /** First backoff delay; doubles with jitter up to `maxDelayMs`. Defaults 200 / 2000 ms. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Consecutive transient failures that open the circuit. Default 5. */
  breakAfter?: number;
  /** How long the circuit stays open before one trial call. Default 30 000 ms. */
  halfOpenAfterMs?: number;
  /** Told when the circuit opens or closes again (for logs and metrics; carries no customer data). */
  onCircuit?: (state: 'open' | 'closed', connector: string) => void;
}

// cockatiel 3.2's isTaskCancelledError() tests the wrong marker property; instanceof is reliable.
const isTimeout = (err: unknown) => err instanceof TaskCancelledError;

/** Transient failures and per-attempt timeouts; never AUTH or QUERY (one customer's bad grant must not pause everyone). */
const transientPolicy = handleWhen((err) => isTransient(err) || isTimeout(err));

/**
 * A connector behind timeouts, retries with backoff (idempotent reads only — `revoke` is tried
 * once) and one circuit breaker shared by every customer of this bank. Failures surface with
 * stable codes: TELLER_ERR_CONNECTOR_TIMEOUT when an attempt ran out of time,
 * TELLER_ERR_CONNECTOR_CIRCUIT_OPEN while calls are paused, the connector's own code otherwise.
 */
export class ResilientConnector implements BankConnector {
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: ConnectorCapabilities;
  readonly breaker: CircuitBreakerPolicy;
  private readonly reads: IPolicy;
  private readonly writes: IPolicy;

  constructor(
    readonly inner: BankConnector,
    options: ResilienceOptions = {},
  ) {
    this.id = inner.id;
    this.displayName = inner.displayName;
    this.capabilities = inner.capabilities;
    // abortOnReturn off: a call that already finished has nothing left to cancel, and aborting its
    // controller anyway built a DOMException per bank call (~3 % of a turn's CPU in the e2e profile).
    const perAttempt = timeout(options.timeoutMs ?? 8000, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    this.breaker = circuitBreaker(transientPolicy, {
      halfOpenAfter: options.halfOpenAfterMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? 5),
    });
    this.breaker.onBreak(() => options.onCircuit?.('open', inner.id));
    this.breaker.onReset(() => options.onCircuit?.('closed', inner.id));
    const retries = retry(transientPolicy, {
      maxAttempts: options.retries ?? 2,
      backoff: new ExponentialBackoff({
        initialDelay: options.initialDelayMs ?? 200,
        maxDelay: options.maxDelayMs ?? 2000,
      }),
    });
    this.reads = wrap(retries, this.breaker, perAttempt);
    this.writes = wrap(this.breaker, perAttempt);
  }

  accounts(grant: ConnectorGrant, options?: CallOptions): Promise<Account[]> {
    return this.run(this.reads, options, (o) => this.inner.accounts(grant, o));
  }

  balances(grant: ConnectorGrant, accountIds?: string[], options?: CallOptions): Promise<Balance[]> {
    return this.run(this.reads, options, (o) => this.inner.balances(grant, accountIds, o));
  }

  transactions(
    grant: ConnectorGrant,
    query: TransactionQuery,
    options?: CallOptions,
  ): Promise<Transaction[]> {
    return this.run(this.reads, options, (o) => this.inner.transactions(grant, query, o));
  }

  revoke(grant: ConnectorGrant, options?: CallOptions): Promise<void> {
    return this.run(this.writes, options, (o) => this.inner.revoke(grant, o));
  }

  private async run<T>(
    policy: IPolicy,
    options: CallOptions | undefined,
    fn: (o: CallOptions) => Promise<T>,
  ): Promise<T> {
    try {
      // Always a signal of this call's own: without one, cockatiel hangs every concurrent call's
      // timeout listener on one shared never-aborted signal (Node warns past 10 listeners).
      return await policy.execute(
        ({ signal }) => fn({ signal: both(signal, options?.signal) }),
        options?.signal ?? new AbortController().signal,
      );
    } catch (err) {
      throw normalise(err, this.id);
    }
  }
}

/** One wrapper — so one circuit breaker — per connector instance, shared by every turn. */
const shared = new WeakMap<BankConnector, ResilientConnector>();

/**
 * A connector with resilience policies. Without options it returns the shared wrapper for that
 * connector (the breaker must see every customer's calls); with options, a new one.
 */
export function resilient(connector: BankConnector, options?: ResilienceOptions): ResilientConnector {
  if (connector instanceof ResilientConnector) return connector;
  if (options) return new ResilientConnector(connector, options);
  let wrapper = shared.get(connector);
  if (!wrapper) {
    wrapper = new ResilientConnector(connector);
    shared.set(connector, wrapper);
  }
  return wrapper;
}

function both(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  return b ? AbortSignal.any([a, b]) : a;
}

function normalise(err: unknown, connector: string): unknown {
  if (isTimeout(err))
    return new ConnectorError('TELLER_ERR_CONNECTOR_TIMEOUT', `${connector} did not answer in time`, {
      cause: err,
    });
  if (err instanceof BrokenCircuitError)
    return new ConnectorError(
      'TELLER_ERR_CONNECTOR_CIRCUIT_OPEN',
      `${connector} failed repeatedly; calls are paused`,
      { cause: err },
    );
  return err;
}
