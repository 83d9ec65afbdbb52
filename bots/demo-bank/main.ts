import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Redis from 'ioredis';
import {
  createEmulator,
  generateLocalSecrets,
  messengerMode,
  type Emulator,
} from '../../src/channels/emulator';
import {
  createMessengerChannel,
  loadMessengerConfig,
  messengerSetupCommand,
  type MessengerChannel,
  type MessengerConfig,
} from '../../src/channels/messenger';
import type { Bot } from '../../src/bot/create-bot';
import { loadConfig } from '../../src/config/config';
import { createLogger, type Logger } from '../../src/logging/logger';
import { createApp } from '../../src/server/app';
import { closeServer } from '../../src/server/listen';
import createDemoBank from './bot';

export interface DemoBankOptions {
  /** Environment to read (default process.env): PORT, HOST, REDIS_URL, PUBLIC_URL, MESSENGER_*… */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface RunningDemoBank {
  /** Where a browser reaches the bot (PUBLIC_URL, else http://localhost:PORT). */
  url: string;
  port: number;
  /** `emulator`: the web chat at `/` drives the real Messenger channel; `messenger`: a real Facebook app. */
  mode: 'emulator' | 'messenger' | 'off';
  bot: Bot;
  /** The Messenger channel (absent when mode is `off`). */
  messenger?: MessengerChannel;
  close(): Promise<void>;
}

/**
 * Starts the demo bank. Without MESSENGER_* secrets it runs in emulator mode: random local secrets,
 * the emulator's web chat at `/` and fake Graph API under `/emulator/graph`, and the real Messenger
 * channel pointed at them on the same port. With the secrets set it runs the real Messenger channel.
 */
export async function startDemoBank(o: DemoBankOptions = {}): Promise<RunningDemoBank> {
  const env = o.env ?? process.env;
  const config = loadConfig(env);
  const mode = messengerMode(env);
  const logger = o.logger ?? createLogger({ level: config.LOG_LEVEL });
  // A real app's settings are checked before anything starts (a missing secret fails fast).
  const realConfig = mode === 'messenger' ? loadMessengerConfig(env, { required: true }) : undefined;
  const cleanup: (() => Promise<unknown> | void)[] = []; // run in reverse on close or failure
  const closeAll = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    // Listen first, answering 503 until ready: the emulator's URLs need the actual port.
    const ready: { app?: (req: IncomingMessage, res: ServerResponse) => void } = {};
    const server = createServer((req, res) => {
      if (ready.app) return ready.app(req, res);
      res.writeHead(503, { 'Retry-After': '1' }).end('starting');
    });
    const port = await listenOn(server, config.PORT, config.HOST);
    cleanup.push(() => closeServer(server));
    const publicUrl = env.PUBLIC_URL?.trim() ? config.PUBLIC_URL : `http://localhost:${port}`;
    const redis = config.REDIS_URL
      ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true })
      : undefined;
    if (redis) cleanup.push(() => redis.quit().catch(() => undefined));
    redis?.on('error', (err) => logger.warn({ code: 'TELLER_ERR_STORAGE', err }, 'redis error'));
    const bot = await createDemoBank({ redis, publicUrl, logger, cacheDir: config.TELLER_CACHE_DIR });
    cleanup.push(() => bot.close());
    await bot.init();

    let emulator: Emulator | undefined;
    let messengerConfig: MessengerConfig | undefined = realConfig;
    if (mode === 'emulator') {
      const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
      emulator = createEmulator({
        selfUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        publicBaseUrl: publicUrl,
        ...generateLocalSecrets(),
        botName: 'Demo Bank',
        logger,
      });
      const e = emulator;
      cleanup.push(() => e.close());
      messengerConfig = loadMessengerConfig({ ...env, ...emulator.config }, { required: true });
    }
    const channel = messengerConfig
      ? createMessengerChannel({ engine: bot.engine, config: messengerConfig, redis, logger })
      : undefined;
    if (channel) cleanup.push(() => channel.close());
    const routers = [channel?.router, emulator?.router].filter((r) => r !== undefined);
    ready.app = createApp(bot, { routers, home: emulator?.home });
    await channel?.start();

    if (emulator) {
      if (config.NODE_ENV === 'production')
        logger.warn('emulator mode in production: set the MESSENGER_* secrets, or MESSENGER_ENABLED=false');
      if (!(await emulator.verifyWebhook()))
        logger.warn('emulator: the webhook verification handshake failed');
      // The same set-up a bank runs against Meta: Get Started button, greeting, persistent menu.
      await messengerSetupCommand({}, { env: { ...env, ...emulator.config }, write: () => undefined }).catch(
        (err: unknown) => logger.warn({ err }, 'emulator: Messenger profile set-up failed'),
      );
    }
    const hint =
      mode === 'emulator'
        ? `Open ${publicUrl}/ to chat (Messenger emulator: no Facebook app needed)`
        : mode === 'messenger'
          ? `Messenger webhook: ${publicUrl}/webhooks/messenger`
          : 'chat from a terminal: npx teller chat';
    logger.info(
      { port, mode, storage: bot.storage, publicUrl },
      `demo-bank listening on port ${port}. ${hint}`,
    );
    return { url: publicUrl, port, mode, bot, messenger: channel, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/** `npm start`: the demo bank on PORT (default 3000), in memory unless REDIS_URL is set. */
async function main(): Promise<void> {
  const started = Date.now();
  const running = await startDemoBank();
  running.bot.logger.info({ startupMs: Date.now() - started }, 'ready');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    running.bot.logger.info({ signal }, 'shutting down');
    await running.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    const code = (err as { code?: string }).code ?? 'TELLER_ERR_INTERNAL';
    process.stderr.write(
      `demo-bank failed to start: ${code}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
