import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { BOTS_DIR, loadBotFactory } from '../bot/registry';
import { loadMessengerConfig } from '../channels/messenger';
import { loadConfig } from '../config/config';
import { TellerError } from '../engine/errors';
import { createLogger, type Logger } from '../logging/logger';
import { connectRedis, redisTargetFromEnv } from '../redis/connect';
import { closeServer } from '../server/listen';
import { createRole, inboxTuningFromEnv, type Role } from '../server/roles';

export interface RoleCommandOptions {
  /** Bot folder under bots/ (or TELLER_BOTS_DIR); default demo-bank. */
  bot: string;
  /** Port to listen on; default PORT for `web`, TELLER_WORKER_PORT (else 9464) for `worker`. */
  port?: string;
}

/** What a bot folder's `main.ts` may export to run its own start-up in any role (demo-bank does). */
export type BotStart = (o: {
  role: Role;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}) => Promise<{ port: number; close(): Promise<void> }>;

export interface RunningProcess {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts one role of a bot: the bot's own `main.ts` `start` when it has one (the demo bank's emulator,
 * sandbox bank and agent console), else the bot factory wired by `createRole`.
 */
export async function startRoleProcess(
  role: Role,
  opts: RoleCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningProcess> {
  const port = opts.port ?? (role === 'worker' ? env.TELLER_WORKER_PORT?.trim() || '9464' : env.PORT);
  const procEnv = { ...env, ...(port === undefined ? {} : { PORT: port }) };
  const config = loadConfig(procEnv);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const dir = env.TELLER_BOTS_DIR?.trim() || BOTS_DIR;
  const main = join(dir, opts.bot, 'main.ts');
  if (existsSync(main)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const start = (require(main) as { start?: BotStart }).start;
    if (start) return start({ role, env: procEnv, logger });
  }
  const target = redisTargetFromEnv(procEnv);
  if (!target)
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `teller ${role} needs Redis: set REDIS_URL (or Sentinel / Cluster)`,
    );
  // Single server, Sentinel or Cluster: every key a turn touches together shares the user's hash tag.
  const redis = connectRedis(target);
  redis.on('error', (err) => logger.warn({ code: 'TELLER_ERR_STORAGE', err }, 'redis error'));
  const closers: (() => Promise<unknown>)[] = [() => redis.quit().catch(() => redis.disconnect())];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const bot = await loadBotFactory(
      opts.bot,
      dir,
    )({
      redis,
      publicUrl: config.PUBLIC_URL,
      logger,
      cacheDir: config.TELLER_CACHE_DIR,
    });
    closers.push(() => bot.close());
    await bot.init();
    const running = createRole({
      role,
      bot,
      logger,
      messenger: {
        config: loadMessengerConfig(procEnv, { required: true }),
        redis,
        metrics: bot.metrics.turns,
        redisInbox: inboxTuningFromEnv(procEnv),
      },
    });
    closers.push(() => running.close());
    const server = createServer(running.handler);
    const actual = await listen(server, config.PORT, config.HOST);
    closers.push(() => closeServer(server));
    await running.start();
    logger.info({ role, port: actual, storage: bot.storage }, `teller ${role} ready on port ${actual}`);
    return { port: actual, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/**
 * Runs a role until SIGTERM/SIGINT. The HTTP server stops first (a web process stops taking
 * webhooks; Meta redelivers elsewhere), then the inbox stops reading and drains in-flight turns, then
 * Redis closes; what did not finish stays pending for another worker.
 */
export async function roleCommand(role: Role, opts: RoleCommandOptions): Promise<void> {
  const running = await startRoleProcess(role, opts);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`teller ${role}: ${signal}, draining\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
