import express, { type Express } from 'express';
import type { Bot } from '../bot/create-bot';
import { healthHandler } from './health';
import { page } from './html';
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
