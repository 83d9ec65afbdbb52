import Redis from 'ioredis';
import { loadConfig } from '../../src/config/config';
import { createApp } from '../../src/server/app';
import { closeServer, listen } from '../../src/server/listen';
import { createLogger } from '../../src/logging/logger';
import createDemoBank from './bot';

/** `npm start`: the demo bank on PORT (default 3000), in memory unless REDIS_URL is set. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true })
    : undefined;
  redis?.on('error', (err) => logger.warn({ code: 'TELLER_ERR_STORAGE', err }, 'redis error'));
  const bot = await createDemoBank({
    redis,
    publicUrl: config.PUBLIC_URL,
    logger,
    cacheDir: config.TELLER_CACHE_DIR,
  });
  await bot.init();
  const app = createApp(bot);
  const { server, port } = await listen(app, config.PORT, config.HOST);
  logger.info(
    { port, storage: bot.storage, startupMs: Date.now() - started, publicUrl: config.PUBLIC_URL },
    `demo-bank listening on http://localhost:${port} (chat from a terminal: npx teller chat)`,
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await closeServer(server);
    await bot.close();
    await redis?.quit().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  const code = (err as { code?: string }).code ?? 'TELLER_ERR_INTERNAL';
  process.stderr.write(
    `demo-bank failed to start: ${code}: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
