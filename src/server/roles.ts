import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type RequestHandler, type Router } from 'express';
import type { Bot } from '../bot/create-bot';
import {
  createMessengerChannel,
  WEBHOOK_PATH,
  type MessengerChannel,
  type MessengerChannelOptions,
  type RedisInboxOptions,
} from '../channels/messenger';
import { CHANNEL } from '../channels/messenger/parse';
import { TellerError } from '../engine/errors';
import type { BotLinking } from '../linking/bot-linking';
import type { Logger } from '../logging/logger';
import { metricsHandler } from '../metrics/http';
import { createApp } from './app';
import { healthHandler } from './health';
import { LoadShedder, type LoadShedderOptions } from './load-shedding';

/**
 * What a process does:
 * - `all` (default, `npm start`): webhooks, pages and turns in one process;
 * - `web` (`npx teller web`): webhooks, pages and the agent console; every turn goes to the Redis
 *   inbox, including the ones this process creates (the chat resumed after linking);
 * - `worker` (`npx teller worker`): consumes the inbox and runs turns; serves only /healthz and
 *   /metrics. Web and workers share nothing but Redis.
 */
export type Role = 'all' | 'web' | 'worker';

export const ROLES: readonly Role[] = ['all', 'web', 'worker'];

export interface RoleOptions {
  role: Role;
  bot: Bot<BotLinking>;
  logger: Logger;
  /** The Messenger channel (without engine and logger); without it no channel runs. */
  messenger?: Omit<MessengerChannelOptions, 'engine' | 'logger'>;
  /** More routers for `all`/`web` (bank pages, the agent console, the emulator…). */
  routers?: Router[];
  home?: RequestHandler;
  /** Refuses webhook POSTs with 503 when overloaded (`all`/`web`); false turns it off. */
  shedding?: LoadShedderOptions | false;
}

export interface RunningRole {
  role: Role;
  /** The node:http request listener for this role. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  channel?: MessengerChannel;
  /** Starts consuming (`all`, `worker`). */
  start(): Promise<void>;
  /** Stops consuming and waits for in-flight turns (the inbox's drain timeout), then closes the channel. */
  close(): Promise<void>;
}

/** Inbox tuning from TELLER_INBOX_* (claim idle time, claim interval, max deliveries, in flight). */
export function inboxTuningFromEnv(
  env: NodeJS.ProcessEnv,
): Omit<RedisInboxOptions, 'redis' | 'logger' | 'prefix'> {
  const num = (name: string): number | undefined => {
    const v = env[name]?.trim();
    if (!v) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0)
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `${name} must be a positive integer (milliseconds or count)`,
      );
    return n;
  };
  return {
    claimIdleMs: num('TELLER_INBOX_CLAIM_IDLE_MS'),
    claimIntervalMs: num('TELLER_INBOX_CLAIM_INTERVAL_MS'),
    maxDeliveries: num('TELLER_INBOX_MAX_DELIVERIES'),
    maxInFlight: num('TELLER_INBOX_MAX_IN_FLIGHT'),
    drainTimeoutMs: num('TELLER_DRAIN_TIMEOUT_MS'),
  };
}

/** Wires a bot for one role. The caller listens (`createServer(role.handler)`) and calls start(). */
export function createRole(o: RoleOptions): RunningRole {
  const { role, bot } = o;
  if (role !== 'all' && !o.messenger?.redis)
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `The ${role} role shares work through Redis: set REDIS_URL (or REDIS_SENTINELS / REDIS_CLUSTER_NODES)`,
    );
  const channel = o.messenger
    ? createMessengerChannel({ ...o.messenger, engine: bot.engine, logger: o.logger })
    : undefined;
  if (role === 'web' && channel) {
    // Turns this process creates (linking resumes the chat) are queued for a worker like any other.
    bot.engine.forwardTurns(CHANNEL, (turn) => channel.inbox.enqueue([{ kind: 'turn', pageId: '', turn }]));
  }
  const closeChannel = async () => channel?.close();
  if (role === 'worker') {
    const app = express();
    app.disable('x-powered-by');
    app.get('/healthz', healthHandler(bot.name, bot.storage, bot.redis));
    app.get(
      '/metrics',
      metricsHandler(bot.metrics.registry, process.env.TELLER_METRICS_TOKEN?.trim() || undefined),
    );
    return { role, handler: app, channel, start: async () => channel?.start(), close: closeChannel };
  }
  const app = createApp(bot, {
    routers: [...(channel ? [channel.router] : []), ...(o.routers ?? [])],
    home: o.home,
  });
  const shedder = o.shedding === false ? undefined : new LoadShedder(o.shedding);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // Webhook POSTs (every message) are judged for overload and answered ahead of express.
    if (shedder && req.method === 'POST' && req.url?.toLowerCase().startsWith(WEBHOOK_PATH)) {
      if (shedder.shed(req, res)) return;
    }
    if (channel) return channel.handler(req, res, () => app(req, res));
    app(req, res);
  };
  return {
    role,
    handler,
    channel,
    start: async () => {
      if (role === 'all') await channel?.start();
    },
    close: async () => {
      shedder?.close();
      await closeChannel();
    },
  };
}
