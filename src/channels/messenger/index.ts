import type { Router } from 'express';
import type { RedisClient } from '../../redis/connect';
import { MemoryDeduper, RedisDeduper } from '../../engine/dedupe';
import type { Engine } from '../../engine/engine';
import type { Logger } from '../../logging/logger';
import type { TurnMetrics } from '../../metrics/turns';
import type { MessengerConfig } from './config';
import { createDispatcher, type AccountLinkingHook, type StandbyHook } from './dispatcher';
import { GraphClient } from './graph-client';
import { MessengerHandover, type MessengerHandoverOptions } from './handover';
import { MemoryInbox, type Inbox } from './inbox';
import { CHANNEL } from './parse';
import { RedisStreamInbox, type RedisInboxOptions } from './redis-inbox';
import type { RetryPolicy } from './retry';
import { SendApi } from './send-api';
import { messengerWebhook, messengerWebhookHandler, type NodeHandler } from './webhook';

export interface MessengerChannelOptions {
  engine: Engine;
  config: MessengerConfig;
  logger: Logger;
  /** The bot's turn metrics (`bot.metrics.turns`): send latency, send errors by code, queue depth. */
  metrics?: TurnMetrics;
  /** Your Redis client: enables the durable Redis Streams inbox. Never closed by the channel. */
  redis?: RedisClient;
  /** Key prefix for the channel's Redis keys; default `teller:messenger:`. */
  redisPrefix?: string;
  /** Replaces the default inbox (RedisClient Streams when `redis` is given, else in-memory). */
  inbox?: Inbox;
  /** Tuning for the default Redis inbox (claim timeout, batch size…). */
  redisInbox?: Omit<RedisInboxOptions, 'redis' | 'logger' | 'prefix'>;
  /** Called with Messenger's account-linking events (OAuth linking will use it). */
  onAccountLinking?: AccountLinkingHook;
  /** Called with events from threads another app owns (handoff will use it). */
  onStandby?: StandbyHook;
  /** Live handoff (`bot.handoff`): tagged replies for people, transcripts of standby messages. */
  handoff?: MessengerHandoverOptions['handoff'];
  /** With `handoff`: pass escalations to Meta's Page Inbox instead of Teller's console (see handover.ts). */
  pageInbox?: Pick<MessengerHandoverOptions, 'pageInbox' | 'inboxAppId' | 'appId'>;
  /** Send API tuning: retries, per-page rate, burst, per-request timeout, connections to Graph. */
  send?: {
    retry?: Partial<RetryPolicy>;
    ratePerSecond?: number;
    burst?: number;
    timeoutMs?: number;
    maxSockets?: number;
  };
  /** Sends Graph calls through this fetch instead of the built-in keep-alive HTTP client. */
  fetch?: typeof fetch;
}

export interface MessengerChannel {
  /** Mount with `createApp(bot, { routers: [channel.router] })`: serves /webhooks/messenger. */
  router: Router;
  /**
   * The webhook's POST as a plain node:http handler, to answer Meta ahead of express (every
   * message comes through it): `createServer((req, res) => channel.handler(req, res, () => app(req, res)))`.
   * Other requests go to `next`. Mount `router` too: it serves the GET verification.
   */
  handler: NodeHandler;
  sendApi: SendApi;
  inbox: Inbox;
  /** Starts consuming the inbox. */
  start(): Promise<void>;
  /** Stops consuming, drains in-flight sends, closes what the channel opened. */
  close(): Promise<void>;
}

/** Wires the Messenger channel: webhook → inbox → engine, and the engine's replies → Send API. */
export function createMessengerChannel(o: MessengerChannelOptions): MessengerChannel {
  const prefix = o.redisPrefix ?? 'teller:messenger:';
  const graph = new GraphClient({
    graphUrl: o.config.graphUrl,
    pageAccessToken: o.config.pageAccessToken,
    appSecret: o.config.appSecret,
    timeoutMs: o.send?.timeoutMs,
    maxSockets: o.send?.maxSockets,
    fetch: o.fetch,
  });
  const sendApi = new SendApi({
    graph,
    logger: o.logger,
    ratePerSecond: o.send?.ratePerSecond ?? o.config.sendRatePerSecond,
    burst: o.send?.burst,
    retry: o.send?.retry,
    onTimed: o.metrics && ((s) => o.metrics!.stage('send', s)),
    onFailed: o.metrics && ((code) => o.metrics!.sendError(code)),
  });
  o.engine.registerChannel(CHANNEL, sendApi);
  const handover = o.handoff
    ? new MessengerHandover({ handoff: o.handoff, graph, sendApi, logger: o.logger, ...o.pageInbox })
    : undefined;
  const inbox =
    o.inbox ??
    (o.redis
      ? new RedisStreamInbox({ ...o.redisInbox, redis: o.redis, logger: o.logger, prefix })
      : new MemoryInbox({ logger: o.logger }));
  // Processed entries are deleted from the stream, so its length is what is acknowledged but not done.
  if (o.metrics && inbox instanceof RedisStreamInbox && o.redis) {
    const redis = o.redis;
    o.metrics.queueDepth(() => redis.xlen(inbox.stream));
  }
  const consumer = createDispatcher({
    engine: o.engine,
    sendApi,
    logger: o.logger,
    deduper: o.redis ? new RedisDeduper(o.redis, `${prefix}answered:`) : new MemoryDeduper(),
    onAccountLinking: o.onAccountLinking,
    onStandby: handover
      ? async (event) => {
          await handover.onStandby(event);
          await o.onStandby?.(event);
        }
      : o.onStandby,
    onHandover: handover?.onHandover,
  });
  const webhook = { config: o.config, inbox, logger: o.logger };
  const router = messengerWebhook(webhook);
  const handler = messengerWebhookHandler(webhook);
  let started = false;
  return {
    router,
    handler,
    sendApi,
    inbox,
    async start() {
      if (started) return;
      started = true;
      await inbox.start(consumer);
    },
    async close() {
      await inbox.close();
      await sendApi.close();
      graph.close();
    },
  };
}

export { loadMessengerConfig, messengerEnabled, DEFAULT_GRAPH_URL, type MessengerConfig } from './config';
export { MessengerError, type MessengerErrorCode } from './errors';
export type { AccountLinkingEvent, InboundEvent, StandbyEvent } from './events';
export { MemoryInbox, type Inbox, type EventConsumer } from './inbox';
export { RedisStreamInbox, type RedisInboxOptions } from './redis-inbox';
export { renderReply, type MessengerMessage } from './render';
export { SendApi } from './send-api';
export { GraphClient, GraphApiError } from './graph-client';
export { setupMessengerProfile, DEFAULT_MENU, type ProfileSetupResult } from './profile';
export { messengerSetupCommand } from './setup-command';
export { messengerWebhook, messengerWebhookHandler, WEBHOOK_PATH, type NodeHandler } from './webhook';
export { verifySignature, appSecretProof } from './signature';
export { parseWebhook } from './parse';
export { UNSUPPORTED_TEXT, type AccountLinkingHook, type StandbyHook } from './dispatcher';
export {
  MessengerHandover,
  messengerAgentDelivery,
  PAGE_INBOX_APP_ID,
  type HandoverEvent,
  type MessengerHandoverOptions,
} from './handover';
