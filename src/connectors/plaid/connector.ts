import { DateTime } from 'luxon';
import type { PlaidApi } from 'plaid';
import { instantRange, matchesQuery, newestFirst, resolveZone } from '../query';
import type {
  Account,
  Balance,
  BankConnector,
  CallOptions,
  ConnectorCapabilities,
  ConnectorGrant,
  Transaction,
  TransactionQuery,
} from '../types';
import { plaidApi, plaidCall, plaidError, type PlaidClientOptions } from './client';
import type { CursorStore } from './cursors';
import { toAccount, toBalance, toTransaction } from './mapping';

export interface PlaidConnectorOptions extends PlaidClientOptions {
  id?: string;
  displayName?: string;
  /** Currency for amounts Plaid reports without an ISO code. Default USD. */
  currency?: string;
  /** Zone of the institution's dates, and of queries that name none. Default America/New_York. */
  timezone?: string;
  /** Where `/transactions/sync` cursors live; revoking forgets the item's cursor. */
  cursors?: CursorStore;
  /** Transactions per `/transactions/get` page. Default (and Plaid's maximum) 500. */
  pageSize?: number;
  now?: () => Date;
}

/**
 * Plaid through the official client. Questions about a date range use `/transactions/get`, which
 * answers exactly that range: Teller keeps no transactions at rest, so there is no local copy to
 * bring up to date. `/transactions/sync` (see PlaidSync) follows changes with a persisted cursor —
 * the cursor only — to learn when there is something new.
 */
export class PlaidConnector implements BankConnector {
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: ConnectorCapabilities = {
    atms: false,
    pendingTransactions: true,
    merchantNames: true,
  };
  readonly api: PlaidApi;
  private readonly currency: string;
  private readonly zone: string;

  constructor(private readonly o: PlaidConnectorOptions) {
    this.id = o.id ?? 'plaid';
    this.displayName = o.displayName ?? 'Your bank (via Plaid)';
    this.api = plaidApi(o);
    this.currency = o.currency ?? 'USD';
    this.zone = resolveZone(o.timezone, 'America/New_York');
  }

  async accounts(grant: ConnectorGrant, options?: CallOptions): Promise<Account[]> {
    const res = await plaidCall(() =>
      this.api.accountsGet({ access_token: token(grant) }, { signal: options?.signal }),
    );
    return res.accounts.flatMap((a) => toAccount(a, this.currency) ?? []);
  }

  /** `/accounts/balance/get`: real-time balances from the institution. */
  async balances(grant: ConnectorGrant, accountIds?: string[], options?: CallOptions): Promise<Balance[]> {
    const res = await plaidCall(() =>
      this.api.accountsBalanceGet(
        { access_token: token(grant), ...(accountIds ? { options: { account_ids: accountIds } } : {}) },
        { signal: options?.signal },
      ),
    );
    const now = (this.o.now ?? (() => new Date()))();
    return res.accounts.flatMap((a) => toBalance(a, this.currency, now) ?? []);
  }

  async transactions(
    grant: ConnectorGrant,
    query: TransactionQuery,
    options?: CallOptions,
  ): Promise<Transaction[]> {
    const range = instantRange(query.from, query.to, resolveZone(query.timezone, this.zone));
    if (range.end <= range.start) return [];
    // Plaid filters by the institution's local date: ask one day wider each side, cut exactly here.
    const local = (ms: number) => DateTime.fromMillis(ms, { zone: this.zone });
    const startDate = local(range.start).minus({ days: 1 }).toISODate() as string;
    const endDate = local(range.end - 1)
      .plus({ days: 1 })
      .toISODate() as string;
    const out: Transaction[] = [];
    for (let offset = 0; ;) {
      const res = await plaidCall(() =>
        this.api.transactionsGet(
          {
            access_token: token(grant),
            start_date: startDate,
            end_date: endDate,
            options: {
              count: this.o.pageSize ?? 500,
              offset,
              include_personal_finance_category: true,
              ...(query.accountIds ? { account_ids: query.accountIds } : {}),
            },
          },
          { signal: options?.signal },
        ),
      );
      for (const t of res.transactions) out.push(toTransaction(t, this.currency, this.zone));
      offset += res.transactions.length;
      if (res.transactions.length === 0 || offset >= res.total_transactions) break;
    }
    return out
      .filter((t) => {
        const at = Date.parse(t.date);
        return at >= range.start && at < range.end && matchesQuery(t, query);
      })
      .sort(newestFirst);
  }

  /** `/item/remove`: the access token stops working at Plaid. An already removed item counts as done. */
  async revoke(grant: ConnectorGrant, options?: CallOptions): Promise<void> {
    if (!grant.accessToken) return;
    try {
      await plaidCall(() =>
        this.api.itemRemove({ access_token: grant.accessToken! }, { signal: options?.signal }),
      );
    } catch (err) {
      const e = plaidError(err);
      if (e.code !== 'TELLER_ERR_CONNECTOR_AUTH') throw e;
    }
    await this.o.cursors?.delete(grant.subject);
  }
}

function token(grant: ConnectorGrant): string {
  if (!grant.accessToken)
    throw plaidError({ response: { status: 401, data: { error_code: 'INVALID_ACCESS_TOKEN' } } });
  return grant.accessToken;
}
