import type { RedisClient } from '../redis/connect';
import type { Outbound } from '../engine/context';
import type { Logger } from '../logging/logger';
import type { HandoffMetrics } from '../metrics/handoff';
import type { TokenVault } from '../vault';
import { MemoryConsoleBus, RedisConsoleBus } from './bus';
import { Handoff, type HandoffSettings } from './handoff';
import { RedisHandoffStore } from './redis-store';
import { MemoryHandoffStore } from './store';
import { MemoryTranscriptStore, RedisTranscriptStore, type TranscriptLimits } from './transcript';

/** createBot's `handoff` option: timings, privacy mode and transcript limits. */
export interface HandoffOptions extends HandoffSettings {
  transcripts?: TranscriptLimits;
  /** Seconds handoff state lives after its last change; default 8 days. */
  stateTtlSeconds?: number;
}

export interface CreateHandoffOptions {
  options: HandoffOptions;
  redis?: RedisClient;
  prefix: string;
  vault: TokenVault;
  logger: Logger;
  now: () => Date;
  metrics?: HandoffMetrics;
  outbound: (channel: string) => Outbound | undefined;
  botName: string;
  bankName: string;
}

/** Builds the handoff on Redis when there is one (state survives restarts), else in memory. */
export function createHandoff(o: CreateHandoffOptions): Handoff {
  const { transcripts: limits, stateTtlSeconds, ...settings } = o.options;
  const r = o.redis;
  return new Handoff({
    ...settings,
    store: r
      ? new RedisHandoffStore({ client: r, prefix: o.prefix, vault: o.vault, ttlSeconds: stateTtlSeconds })
      : new MemoryHandoffStore(),
    transcripts: r
      ? new RedisTranscriptStore({ client: r, prefix: o.prefix, vault: o.vault, ...limits })
      : new MemoryTranscriptStore(limits, () => o.now().getTime()),
    bus: r
      ? new RedisConsoleBus({ client: r, prefix: o.prefix, vault: o.vault, logger: o.logger })
      : new MemoryConsoleBus(),
    metrics: o.metrics,
    logger: o.logger,
    now: o.now,
    outbound: o.outbound,
    botName: o.botName,
    bankName: o.bankName,
  });
}

export {
  Handoff,
  DEFAULT_CANNED_REPLIES,
  splitKey,
  type AgentDelivery,
  type AgentRef,
  type ClaimOutcome,
  type ExternalInbox,
  type HandoffSettings,
} from './handoff';
export { handoffMiddleware, handoffOf } from './middleware';
export { HandoffError } from './errors';
export { maskText, conversationLabel, type MaskOptions } from './mask';
export { BACK_TO_BOT, LEAVE_MESSAGE } from './messages';
export { MemoryConsoleBus, RedisConsoleBus, type ConsoleBus, type ConsoleEvent } from './bus';
export { MemoryHandoffStore, type HandoffStore, type QueueEntry } from './store';
export { RedisHandoffStore } from './redis-store';
export {
  MemoryTranscriptStore,
  RedisTranscriptStore,
  type TranscriptEntry,
  type TranscriptStore,
} from './transcript';
export * from './state';
export { tick } from './notices';
