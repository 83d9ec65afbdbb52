import type { Redis } from 'ioredis';
import type { AtmDirectory, BankConnector, Gazetteer } from '../connectors/types';
import { type AuditLog, LoggerAuditLog } from '../engine/audit';
import type { Middleware } from '../engine/composer';
import type { TurnContext, UserPrefs } from '../engine/context';
import { MemoryDeduper, RedisDeduper } from '../engine/dedupe';
import { Engine } from '../engine/engine';
import type { IntentDefinition } from '../engine/intent';
import { loadIntents } from '../engine/loader';
import { MemoryLock, RedisLock } from '../engine/lock';
import { linkedPayload } from '../engine/payloads';
import type { SessionData } from '../engine/session-data';
import { SandboxLinking } from '../linking/sandbox-linking';
import { LinkTokens, type LinkTokenRecord } from '../linking/tokens';
import type { LinkUser } from '../linking/types';
import { RedisAuditLog } from '../audit';
import { ConsentLedger, type ConsentRecord } from '../consent';
import { SealedStorage, VaultedGrantStore, vaultFromEnv, type SealedGrant, type TokenVault } from '../vault';
import { createLogger, type Logger } from '../logging/logger';
import type { Nlu } from '../nlu/types';
import { TellerPrivacy } from '../privacy/privacy';
import { MemoryStorage } from '../session/memory';
import { RedisStorage } from '../session/redis';
import type { TakeableStorage } from '../session/types';

/** A connector that can also list demo identities: what the sandbox consent page needs. */
export interface SandboxLike extends BankConnector {
  listCustomers(): { id: string; name: string }[];
  defaultCustomerFor(userId: string): string;
  atms?: AtmDirectory;
  gazetteer?: Gazetteer;
}

export interface BotOptions {
  name: string;
  connector: SandboxLike;
  nlu: Nlu;
  /** Intents to serve; default: every file in the built-in `intents/` folder. */
  intents?: readonly IntentDefinition[];
  /** An ioredis client you own. Without one, state is kept in memory (single process only). */
  redis?: Redis;
  /** Key prefix in Redis; default `teller:<name>:`. */
  redisPrefix?: string;
  publicUrl: string;
  prefs?: Partial<UserPrefs>;
  logger?: Logger;
  audit?: AuditLog;
  now?: () => Date;
  /** Seconds a conversation's state lives after the last message; default 24 hours. */
  sessionTtlSeconds?: number;
  middleware?: Middleware<TurnContext>[];
  /**
   * Seals bank tokens at rest. Default: from TELLER_VAULT_KEYS; in production the app refuses to start
   * without it, in development an ephemeral key is used (grants do not survive a restart).
   */
  vault?: TokenVault;
  /** How long a bank call runs before the customer sees typing; default 300 ms (see Engine). */
  typingDelayMs?: number;
}

export interface Bot {
  readonly name: string;
  readonly engine: Engine;
  readonly linking: SandboxLinking;
  readonly storage: 'memory' | 'redis';
  readonly redis?: Redis;
  readonly logger: Logger;
  readonly connector: SandboxLike;
  readonly nlu: Nlu;
  /** Each user's opt-ins and revocations. */
  readonly ledger: ConsentLedger;
  init(): Promise<void>;
  /** Releases what the bot opened. It never closes an injected Redis client. */
  close(): Promise<void>;
}

/** Wires engine, NLU, storage, linking and privacy into a runnable bot. */
export function createBot(o: BotOptions): Bot {
  const logger = o.logger ?? createLogger();
  const now = o.now ?? (() => new Date());
  const ttl = o.sessionTtlSeconds ?? 24 * 3600;
  const prefix = o.redisPrefix ?? `teller:${o.name}:`;
  const storage = <T>(ttlSeconds: number): TakeableStorage<T> =>
    o.redis
      ? new RedisStorage<T>({ client: o.redis, prefix, ttlSeconds })
      : new MemoryStorage<T>({ ttlSeconds, now: () => now().getTime() });

  // Tokens are sealed (AES-256-GCM, AAD bound to user + connector + key version) before storage.
  const vault =
    o.vault ??
    vaultFromEnv(process.env, {
      production: process.env.NODE_ENV === 'production',
      warn: (message) => logger.warn({ code: 'TELLER_ERR_VAULT_KEYS' }, message),
    });
  const grants = new VaultedGrantStore(storage<SealedGrant>(0), vault);
  // Conversation state is sealed too: what a customer typed (a merchant, a period) is not readable at rest.
  const sessions = new SealedStorage<SessionData>(storage<string>(ttl), vault, 'session', true);
  const ledger = new ConsentLedger(storage<ConsentRecord>(0));
  const tokens = new LinkTokens(storage<LinkTokenRecord>(15 * 60), () => now().getTime());
  // Linking resumes chats through the engine, and the engine needs linking: tie the knot late.
  const ref: { engine?: Engine } = {};

  const resume = async (user: LinkUser, payload: string, id: string) => {
    await ref.engine!.handle({
      channel: user.channel,
      userId: user.userId,
      messageId: id,
      timestamp: now().getTime(),
      postback: { payload },
    });
  };
  const linking = new SandboxLinking({
    connector: o.connector,
    grants,
    tokens,
    publicUrl: o.publicUrl.replace(/\/+$/, ''),
    now: () => now().getTime(),
    ledger,
    customers: () => o.connector.listCustomers(),
    defaultCustomer: (user) => o.connector.defaultCustomerFor(user.userId),
    onLinked: (user, connector) =>
      resume(user, linkedPayload(connector), `linked:${connector}:${now().getTime()}:${Math.random()}`),
    onDeclined: async (user) => {
      await ref.engine!.say(
        user,
        'No problem — you declined, so nothing was shared and nothing was stored. I can still help with things like finding an ATM.',
      );
    },
  });
  const privacy = new TellerPrivacy({
    sessions,
    grants,
    linking,
    connectors: [{ id: o.connector.id, displayName: o.connector.displayName }],
    sessionTtlSeconds: ttl,
    ledger,
    onErased: (record) => logger.info({ erasure: record }, 'user data erased'),
  });
  const engine = new Engine({
    nlu: o.nlu,
    intents: o.intents ?? loadIntents(),
    services: {
      connector: o.connector,
      linking,
      privacy,
      atms: o.connector.atms,
      gazetteer: o.connector.gazetteer,
      prefs: { timezone: 'Europe/London', locale: 'en-GB', currency: 'GBP', ...o.prefs },
      now,
    },
    sessions,
    deduper: o.redis ? new RedisDeduper(o.redis, `${prefix}seen:`) : new MemoryDeduper(),
    lock: o.redis ? new RedisLock(o.redis, { prefix: `${prefix}lock:` }) : new MemoryLock(),
    // Every bank call is audited: in Redis (readable with `npx teller audit`) when there is one.
    audit: o.audit ?? (o.redis ? new RedisAuditLog({ client: o.redis }) : new LoggerAuditLog(logger)),
    logger,
    middleware: o.middleware,
    typingDelayMs: o.typingDelayMs,
  });
  ref.engine = engine;
  const e = engine;
  return {
    name: o.name,
    engine: e,
    linking,
    storage: o.redis ? 'redis' : 'memory',
    redis: o.redis,
    logger,
    connector: o.connector,
    nlu: o.nlu,
    ledger,
    init: () => e.init(),
    close: async () => {},
  };
}
