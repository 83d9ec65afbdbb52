export { PlaidServer, type PlaidServerOptions } from './app';
export { WebhookSigner } from './webhooks';
export { pfcFor } from './render';
