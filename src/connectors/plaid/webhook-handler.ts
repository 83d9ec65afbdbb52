import express, { type Router } from 'express';
import { errorCode } from '../../engine/errors';
import type { ConnectorGrant } from '../types';
import type { PlaidSync, SyncSummary } from './sync';
import type { PlaidWebhookVerifier } from './webhook';

export interface PlaidWebhookOptions {
  verifier: PlaidWebhookVerifier;
  sync: PlaidSync;
  /** The stored grant for a Plaid item (the linking store knows which user owns it). */
  grantForItem: (itemId: string) => Promise<ConnectorGrant | undefined>;
  /** Told what changed, in counts only (e.g. to nudge the customer). */
  onUpdates?: (itemId: string, summary: SyncSummary) => Promise<void> | void;
}

export type WebhookOutcome = 'synced' | 'ignored' | 'unknown-item';

/** Verifies one webhook and acts on SYNC_UPDATES_AVAILABLE. Throws TELLER_ERR_CONNECTOR_WEBHOOK when unverified. */
export async function handlePlaidWebhook(
  o: PlaidWebhookOptions,
  body: Buffer,
  verification: string | undefined,
): Promise<WebhookOutcome> {
  await o.verifier.verify(body, verification);
  const event = JSON.parse(body.toString('utf8')) as {
    webhook_type?: string;
    webhook_code?: string;
    item_id?: string;
  };
  if (
    event.webhook_type !== 'TRANSACTIONS' ||
    event.webhook_code !== 'SYNC_UPDATES_AVAILABLE' ||
    !event.item_id
  )
    return 'ignored';
  const grant = await o.grantForItem(event.item_id);
  if (!grant) return 'unknown-item';
  const summary = await o.sync.update(grant);
  await o.onUpdates?.(event.item_id, summary);
  return 'synced';
}

/** An Express router for POST / (mount it at e.g. /webhooks/plaid). The raw body is kept for the hash. */
export function plaidWebhookRouter(o: PlaidWebhookOptions): Router {
  const router = express.Router();
  router.post('/', express.raw({ type: '*/*', limit: '64kb' }), async (req, res) => {
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await handlePlaidWebhook(o, body, req.get('plaid-verification'));
      res.status(200).json({ outcome });
    } catch (err) {
      const code = errorCode(err);
      res.status(code === 'TELLER_ERR_CONNECTOR_WEBHOOK' ? 401 : 500).json({ error: code });
    }
  });
  return router;
}
