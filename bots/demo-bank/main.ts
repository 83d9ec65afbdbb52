import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  createEmulator,
  generateLocalSecrets,
  messengerMode,
  type Emulator,
} from '../../src/channels/emulator';
import {
  loadMessengerConfig,
  messengerSetupCommand,
  type MessengerChannel,
  type MessengerConfig,
} from '../../src/channels/messenger';
import type { Bot } from '../../src/bot/create-bot';
import { SandboxBank } from '../../src/connectors/sandbox';
import { sandboxBankOAuth } from '../../src/connectors/sandbox/idp';
import { sandboxOpenBanking } from '../../src/connectors/sandbox/open-banking-face';
import { TellerError } from '../../src/engine/errors';
import type { BotLinking } from '../../src/linking/bot-linking';
import { MESSENGER_REDIRECT_BASES } from '../../src/linking/messenger-linking';
import { loadConfig } from '../../src/config/config';
import { createLogger, type Logger } from '../../src/logging/logger';
import { agentConsoleFromEnv } from '../../src/server/agent';
import { createRole, inboxTuningFromEnv, ROLES, type Role, type RoleOptions } from '../../src/server/roles';
import { closeServer } from '../../src/server/listen';
import { connectRedis, redisTargetFromEnv } from '../../src/redis/connect';
import type { BotStart } from '../../src/cli/role-command';
import createDemoBank, { createDemoBankWithOAuth } from './bot';

export interface DemoBankOptions {
  /** Environment to read (default process.env): PORT, HOST, REDIS_URL, PUBLIC_URL, MESSENGER_*… */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /**
   * `all` (default; TELLER_ROLE): everything in one process. `web`: webhooks, pages and the agent
   * console, turns queued in Redis. `worker`: runs the queued turns (see src/server/roles.ts).
   */
  role?: Role;
}

export interface RunningDemoBank {
  /** Where a browser reaches the bot (PUBLIC_URL, else http://localhost:PORT). */
  url: string;
  port: number;
  /** `emulator`: the web chat at `/` drives the real Messenger channel; `messenger`: a real Facebook app. */
  mode: 'emulator' | 'messenger' | 'off';
  bot: Bot<BotLinking>;
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
  const role = o.role ?? ((env.TELLER_ROLE?.trim() || 'all') as Role);
  if (!ROLES.includes(role))
    throw new TellerError('TELLER_ERR_CONFIG', 'TELLER_ROLE must be all, web or worker');
  // The emulator's secrets and fake Graph live in one process: split roles need a real app's settings.
  if (role !== 'all' && mode !== 'messenger')
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `The ${role} role needs the MESSENGER_* settings (the emulator runs in one process: npm start)`,
    );
  // A real app's settings are checked before anything starts (a missing secret fails fast).
  const realConfig = mode === 'messenger' ? loadMessengerConfig(env, { required: true }) : undefined;
  const cleanup: (() => Promise<unknown> | void)[] = []; // run in reverse on close or failure
  const closeAll = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    // Listen first, answering 503 until ready: the emulator's URLs need the actual port.
    const ready: { handler?: (req: IncomingMessage, res: ServerResponse) => void } = {};
    const server = createServer((req, res) => {
      if (ready.handler) return ready.handler(req, res);
      res.writeHead(503, { 'Retry-After': '1' }).end('starting');
    });
    const port = await listenOn(server, config.PORT, config.HOST);
    cleanup.push(() => closeServer(server));
    const publicUrl = env.PUBLIC_URL?.trim() ? config.PUBLIC_URL : `http://localhost:${port}`;
    // REDIS_URL, a Sentinel-managed master (REDIS_SENTINELS + REDIS_SENTINEL_MASTER) or a Cluster
    // (REDIS_CLUSTER_NODES); without any, state stays in this process's memory.
    const target = redisTargetFromEnv(env);
    const redis = target ? connectRedis(target) : undefined;
    if (redis) cleanup.push(() => redis.quit().catch(() => undefined));
    redis?.on('error', (err) => logger.warn({ code: 'TELLER_ERR_STORAGE', err }, 'redis error'));
    // Linking runs the real OAuth2 + PKCE flow against the sandbox bank's OpenID provider, served
    // under /sandbox-bank on this port (TELLER_LINKING=consent: the old one-page sandbox consent).
    const bank = new SandboxBank();
    // TELLER_BANK=openbanking: the bot reads through the Open Banking connector from the sandbox
    // bank's AIS API (under /sandbox-bank/open-banking/v3.1/aisp on this port) and links by consent.
    const loopback = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
    const selfUrl = `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`;
    const bankMode = env.TELLER_BANK?.trim() || 'sandbox';
    if (bankMode !== 'sandbox' && bankMode !== 'openbanking')
      throw new TellerError('TELLER_ERR_CONFIG', 'TELLER_BANK must be sandbox or openbanking');
    const openBanking =
      bankMode === 'openbanking'
        ? sandboxOpenBanking({ bank, publicUrl, internalUrl: selfUrl, logger })
        : undefined;
    if (openBanking && env.TELLER_LINKING === 'consent')
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        'TELLER_BANK=openbanking links through the bank: unset TELLER_LINKING',
      );
    const sandboxIdp =
      openBanking ??
      (env.TELLER_LINKING === 'consent'
        ? undefined
        : sandboxBankOAuth({ publicUrl, customers: () => bank.listCustomers(), logger }));
    const factory = {
      redis,
      publicUrl,
      logger,
      cacheDir: config.TELLER_CACHE_DIR,
      handoff: env.TELLER_HANDOFF !== 'off', // TELLER_HANDOFF=off: no queue, no /agent console
    };
    const bot: Bot<BotLinking> = sandboxIdp
      ? await createDemoBankWithOAuth({
          ...factory,
          bank: openBanking?.connector ?? bank,
          oauth: {
            ...sandboxIdp.oauth,
            messengerRedirectBases:
              mode === 'emulator'
                ? [...MESSENGER_REDIRECT_BASES, `${publicUrl}/emulator/account_linking`]
                : MESSENGER_REDIRECT_BASES,
          },
        })
      : await createDemoBank(factory);
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
    const linking = bot.linking;
    const messenger: RoleOptions['messenger'] = messengerConfig
      ? {
          config: messengerConfig,
          redis,
          metrics: bot.metrics.turns,
          // Messenger's own account linking: its `linked` event completes the chat confirmation.
          onAccountLinking:
            linking.kind === 'oauth' ? (psid, event) => linking.messengerEvent(psid, event) : undefined,
          handoff: bot.handoff,
          // TELLER_HANDOFF_PAGE_INBOX=true: people answer in Meta's Page Inbox instead of /agent.
          pageInbox:
            env.TELLER_HANDOFF_PAGE_INBOX === 'true'
              ? { pageInbox: true, appId: env.MESSENGER_APP_ID?.trim() || undefined }
              : undefined,
          redisInbox: inboxTuningFromEnv(env),
        }
      : undefined;
    const agents =
      bot.handoff && role !== 'worker'
        ? await agentConsoleFromEnv({
            env,
            handoff: bot.handoff,
            redis,
            prefix: `teller:${bot.name}:`,
            publicUrl,
            bankName: bot.connector.displayName,
            logger,
          })
        : undefined;
    const bankRouters = openBanking?.routers ?? [sandboxIdp?.idp.router];
    const routers = [emulator?.router, ...bankRouters, agents].filter((r) => r !== undefined);
    const running = createRole({
      role,
      bot,
      logger,
      messenger,
      routers,
      home: emulator?.home,
      // The emulator does not redeliver a refused webhook as Meta does: never shed its messages.
      shedding: emulator ? false : undefined,
    });
    cleanup.push(() => running.close());
    const channel = running.channel;
    ready.handler = running.handler;
    await running.start();

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
      role === 'worker'
        ? 'worker: running turns from the Redis inbox (GET /healthz, GET /metrics)'
        : mode === 'emulator'
          ? `Open ${publicUrl}/ to chat (Messenger emulator: no Facebook app needed)`
          : mode === 'messenger'
            ? `Messenger webhook: ${publicUrl}/webhooks/messenger`
            : 'chat from a terminal: npx teller chat';
    logger.info(
      { port, mode, role, storage: bot.storage, publicUrl },
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

/** `npx teller web|worker --bot demo-bank`: the same start-up, in one role (src/cli/role-command.ts). */
export const start: BotStart = (o) => startDemoBank(o);

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
