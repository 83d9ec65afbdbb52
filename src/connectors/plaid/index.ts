export { PlaidConnector, type PlaidConnectorOptions } from './connector';
export { plaidApi, plaidError, type PlaidClientOptions } from './client';
export { PlaidLink, PLAID_SCOPES, type PlaidLinkOptions } from './link';
export { PlaidSync, type SyncSummary } from './sync';
export { MemoryCursorStore, RedisCursorStore, type CursorStore } from './cursors';
export { PlaidWebhookVerifier, type PlaidWebhookVerifierOptions } from './webhook';
export {
  handlePlaidWebhook,
  plaidWebhookRouter,
  type PlaidWebhookOptions,
  type WebhookOutcome,
} from './webhook-handler';
export { toAccount, toBalance, toTransaction, instantOf } from './mapping';
export { PlaidServer, WebhookSigner, type PlaidServerOptions } from './server';
