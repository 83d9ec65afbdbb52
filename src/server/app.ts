import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Bot } from '../bot/create-bot';
import type { BotLinking } from '../linking/bot-linking';
import { metricsHandler } from '../metrics/http';
import { healthHandler } from './health';
import { page } from './html';
import { linkPages } from './link-pages';
import { secureViewPages } from './secure-view';

/**
 * Builds the HTTP app without listening (tests drive it on an ephemeral port). Channels add their
 * webhooks to the returned app.
 */
export interface AppOptions {
  /** Routers mounted before the built-in pages (channel webhooks, the Messenger emulator…). */
  routers?: Router[];
  /** Replaces the default landing page at `/` (e.g. the Messenger emulator's web chat). */
  home?: RequestHandler;
}

export function createApp(bot: Bot<BotLinking>, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/healthz', healthHandler(bot.name, bot.storage, bot.redis));
  // Prometheus text format; set TELLER_METRICS_TOKEN to require `Authorization: Bearer <token>`.
  app.get(
    '/metrics',
    metricsHandler(bot.metrics.registry, process.env.TELLER_METRICS_TOKEN?.trim() || undefined),
  );
  for (const router of options.routers ?? []) app.use(router);
  // Plaid linking: verified SYNC_UPDATES_AVAILABLE webhooks for the linked items.
  const plaidWebhooks = bot.linking.kind === 'plaid' ? bot.linking.webhookRouter() : undefined;
  if (plaidWebhooks) app.use('/webhooks/plaid', plaidWebhooks);
  app.use(linkPages(bot.linking, bot.logger));
  app.use(secureViewPages(bot.secureViews, bot.logger));
  if (options.home) app.get('/', options.home);
  else
    app.get('/', (_req, res) => {
      res.type('html').send(
        page(
          `Teller: ${bot.name}`,
          `<h1>Teller: ${bot.name} is running</h1>
<p>Chat with it from a terminal: <code>npx teller chat</code></p>
<p class="muted">Health: <a href="/healthz">/healthz</a></p>`,
        ),
      );
    });
  return app;
}
