import type { PlaidApi } from 'plaid';
import type { ConnectorGrant } from '../types';
import { plaidCall, plaidError } from './client';
import type { CursorStore } from './cursors';

export interface SyncSummary {
  added: number;
  modified: number;
  removed: number;
  /** Accounts the changes touched. */
  accountIds: string[];
}

/** Restarts allowed when the item changes while we page (TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION). */
const MAX_RESTARTS = 3;

/**
 * Follows an item's `/transactions/sync` change stream. Only the cursor is persisted; the
 * transactions that come with each page are counted and dropped (Teller keeps nothing financial at
 * rest — questions are answered live by the connector). What it is for: knowing *that* something
 * changed (SYNC_UPDATES_AVAILABLE → `update` → a hook can tell the customer "a payment arrived"),
 * and keeping Plaid's stream acknowledged so the next webhook describes only new changes.
 */
export class PlaidSync {
  constructor(
    private readonly api: PlaidApi,
    private readonly cursors: CursorStore,
  ) {}

  async update(grant: ConnectorGrant): Promise<SyncSummary> {
    const start = await this.cursors.get(grant.subject);
    for (let attempt = 0; ; attempt++) {
      try {
        const summary: SyncSummary = { added: 0, modified: 0, removed: 0, accountIds: [] };
        const touched = new Set<string>();
        let cursor = start;
        for (let more = true; more;) {
          const page = await plaidCall(() =>
            this.api.transactionsSync({
              access_token: grant.accessToken ?? '',
              ...(cursor ? { cursor } : {}),
              count: 500,
            }),
          );
          summary.added += page.added.length;
          summary.modified += page.modified.length;
          summary.removed += page.removed.length;
          for (const t of [...page.added, ...page.modified, ...page.removed])
            if (t.account_id) touched.add(t.account_id);
          cursor = page.next_cursor;
          more = page.has_more;
        }
        // Only a complete pass moves the stored cursor: a failure half-way restarts from `start`.
        if (cursor !== undefined) await this.cursors.set(grant.subject, cursor);
        summary.accountIds = [...touched].sort();
        return summary;
      } catch (err) {
        const mutated = /TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION/.test(String((err as Error).message));
        if (!mutated || attempt >= MAX_RESTARTS) throw plaidError(err);
      }
    }
  }
}
