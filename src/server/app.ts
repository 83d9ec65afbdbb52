import express, { type Express } from 'express';
import type { Bot } from '../bot/create-bot';
import { healthHandler } from './health';
import { linkPages } from './link-pages';

/**
 * Builds the HTTP app without listening (tests drive it on an ephemeral port). Channels add their
 * webhooks to the returned app.
 */
export function createApp(bot: Bot): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/healthz', healthHandler(bot.name, bot.storage, bot.redis));
  app.use(linkPages(bot.linking, bot.logger));
  return app;
}
