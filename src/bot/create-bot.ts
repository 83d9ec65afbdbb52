import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis/connect';
import { FallbackAtmDirectory, RedisGeoAtmDirectory } from '../connectors/atm';
import type { AtmDirectory, BankConnector, Gazetteer } from '../connectors/types';
import { type AuditLog, LoggerAuditLog } from '../engine/audit';
import type { Middleware } from '../engine/composer';
import type { TurnContext, UserPrefs } from '../engine/context';
import { MemoryDeduper, RedisDeduper, RedisReplyLedger } from '../engine/dedupe';
import { Engine } from '../engine/engine';
import type { IntentDefinition } from '../engine/intent';
import { loadIntents } from '../engine/loader';
import { MemoryLock, RedisLock } from '../engine/lock';
import { linkedPayload } from '../engine/payloads';
import { sessionCodec, type SessionData } from '../engine/session-data';
import { createBotLinking, type BotLinking, type BotOAuthOptions } from '../linking/bot-linking';
import type { OAuthLinking } from '../linking/oauth-linking';
import type { BotPlaidOptions, PlaidLinking } from '../linking/plaid-linking';
import type { SandboxLinking } from '../linking/sandbox-linking';
import { LinkTokens, type LinkTokenRecord } from '../linking/tokens';
import type { LinkUser } from '../linking/types';
import { RedisAuditLog } from '../audit';
import { ConsentLedger, type ConsentRecord } from '../consent';
import { SealedStorage, VaultedGrantStore, vaultFromEnv, type SealedGrant, type TokenVault } from '../vault';
import { createLogger, type Logger } from '../logging/logger';
import type { Nlu } from '../nlu/types';
import { TellerPrivacy } from '../privacy/privacy';
import { createHandoff, handoffMiddleware, type Handoff, type HandoffOptions } from '../handoff';
import { createMetrics, type Metrics } from '../metrics';
import { createTurnLimits, type TurnLimitsOptions } from '../ratelimit/turn-limits';
import { auditTrailStore } from '../audit';
import { cardNumberGuard } from '../privacy/card-guard';
import type { PersonalDataStore } from '../privacy/erasable';
import { TellerPrivacyGate } from '../privacy/gate';
import type { PrivacyMode } from '../privacy/mode';
import { ConsentReconfirmation } from '../privacy/reconfirm';
import { SecureViews, SECURE_VIEW_TTL_MS, type SecureViewRecord } from '../privacy/secure-views';
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
  redis?: RedisClient;
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
  /** Where "nearest ATM" searches; default the imported Redis GEO directory, else the connector's ATMs. */
  atms?: AtmDirectory;
  /**
   * Per-customer and per-page turn limits, shared through Redis (default on: 30 turns a minute per
   * customer, 500 a second per page). `false` turns them off, e.g. for load tests from a few users.
   */
  rateLimits?: Pick<TurnLimitsOptions, 'perUser' | 'perPage' | 'message'> | false;
  /**
   * Seals bank tokens at rest. Default: from TELLER_VAULT_KEYS; in production the app refuses to start
   * without it, in development an ephemeral key is used (grants do not survive a restart).
   */
  vault?: TokenVault;
  /** How long a bank call runs before the customer sees typing; default 300 ms (see Engine). */
  typingDelayMs?: number;
  /**
   * Where answers with bank figures are shown: `inline` in the chat (default) or `secure-view`, a
   * single-use 5-minute link to a page this app serves. An intent's own `privacy` setting wins.
   */
  privacyMode?: PrivacyMode;
  /** More places holding something about a user (e.g. transcripts); also `bot.privacy.register()`. */
  privacyStores?: PersonalDataStore[];
  /**
   * Key for the keyed hash that stands for an erased user (erasure record, pseudonymised audit
   * trail). Default: TELLER_ERASURE_KEY, else a random key per process (the hash then cannot be
   * matched to anyone after a restart).
   */
  erasureKey?: string | Buffer;
  /**
   * Handoff to people (agent console at /agent, queue, transcripts): `true` for the defaults, or
   * timings and privacy settings. Staff are configured on the console (`agentConsole`).
   */
  handoff?: boolean | HandoffOptions;
}

/** A bot that links at the bank's OAuth2 / OpenID Connect server (src/linking/oauth-linking.ts). */
export interface OAuthBotOptions extends BotOptions {
  /** Without it, createBot uses the sandbox consent page (tests, the terminal chat). */
  oauth: BotOAuthOptions;
}

/** A bot that links through Plaid Link (src/linking/plaid-linking.ts). */
export interface PlaidBotOptions extends BotOptions {
  plaid: BotPlaidOptions;
}

/** A running bot; `L` is its linking: the sandbox consent page (default) or OAuth. */
export interface Bot<L extends BotLinking = SandboxLinking> {
  readonly name: string;
  readonly engine: Engine;
  readonly linking: L;
  readonly storage: 'memory' | 'redis';
  readonly redis?: RedisClient;
  readonly logger: Logger;
  readonly connector: SandboxLike;
  readonly nlu: Nlu;
  /** Each user's opt-ins and revocations. */
  readonly ledger: ConsentLedger;
  /** "What do you know about me?" and "delete my data"; register more personal-data stores here. */
  readonly privacy: TellerPrivacy;
  /** Single-use links to answers shown outside the chat (`privacyMode: 'secure-view'`). */
  readonly secureViews: SecureViews;
  /** Handoff to people, when `handoff` was given. */
  readonly handoff?: Handoff;
  /** The bot's Prometheus registry and instruments (served at GET /metrics). */
  readonly metrics: Metrics;
  init(): Promise<void>;
  /** Releases what the bot opened. It never closes an injected Redis client. */
  close(): Promise<void>;
}

/** Wires engine, NLU, storage, linking and privacy into a runnable bot. */
export function createBot(o: OAuthBotOptions): Bot<OAuthLinking>;
export function createBot(o: PlaidBotOptions): Bot<PlaidLinking>;
export function createBot(o: BotOptions): Bot<SandboxLinking>;
export function createBot(
  o: BotOptions & { oauth?: BotOAuthOptions; plaid?: BotPlaidOptions },
): Bot<BotLinking> {
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
  // Remembers what it sealed for the 10 000 most recent conversations: reading that back needs no decryption.
  // Stored without default-valued fields (sessionCodec): smaller in Redis, sealed just the same.
  const sessions = new SealedStorage<SessionData>(
    storage<string>(ttl),
    vault,
    'session',
    true,
    10_000,
    sessionCodec,
  );
  const ledger = new ConsentLedger(storage<ConsentRecord>(0));
  // Sealed too: a link token's record names the chat user, and must not be readable at rest.
  const tokens = new LinkTokens(
    new SealedStorage<LinkTokenRecord>(storage<string>(15 * 60), vault, 'link-token', true),
    () => now().getTime(),
  );
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
  const linking = createBotLinking(
    o.oauth,
    {
      connector: o.connector,
      grants,
      tokens,
      ledger,
      vault,
      storage,
      publicUrl: o.publicUrl,
      logger,
      now: () => now().getTime(),
      linked: (user, connector) =>
        resume(user, linkedPayload(connector), `linked:${connector}:${now().getTime()}:${Math.random()}`),
      say: (user, text) => ref.engine!.say(user, text),
    },
    o.plaid,
  );
  // Every bank call is audited: in Redis (readable with `npx teller audit`) when there is one.
  const audit = o.audit ?? (o.redis ? new RedisAuditLog({ client: o.redis }) : new LoggerAuditLog(logger));
  const connectorInfo = { id: o.connector.id, displayName: o.connector.displayName };
  const privacy = new TellerPrivacy({
    sessions,
    grants,
    linking,
    connectors: [connectorInfo],
    sessionTtlSeconds: ttl,
    ledger,
    erasureKey: o.erasureKey ?? (process.env.TELLER_ERASURE_KEY || randomBytes(32)),
    now,
    onErased: (record) => logger.info({ erasure: record }, 'user data erased'),
  });
  privacy.register(auditTrailStore(audit, (user) => privacy.alias(user)));
  for (const store of o.privacyStores ?? []) privacy.register(store);
  const metrics = createMetrics({ bot: o.name });
  const handoff = o.handoff
    ? createHandoff({
        options: {
          ...(o.handoff === true ? {} : o.handoff),
          // Transcripts never hold amounts unless the bank opts in, and never in secure-view mode.
          ...(o.privacyMode === 'secure-view' ? { maskAmounts: true } : {}),
        },
        redis: o.redis,
        prefix,
        vault,
        logger,
        now,
        metrics: metrics.handoff,
        outbound: (channel) => ref.engine?.outbound(channel),
        botName: 'Teller',
        bankName: o.connector.displayName,
      })
    : undefined;
  if (handoff) privacy.register(handoff.personalData());
  const limits =
    o.rateLimits === false
      ? undefined
      : createTurnLimits({
          ...o.rateLimits,
          redis: o.redis,
          prefix,
          onLimited: (scope) => metrics.turns.rateLimited(scope),
        });
  if (limits) privacy.register(limits.personalData);
  const intents = o.intents ?? loadIntents();
  const services = {
    connector: o.connector,
    linking,
    privacy,
    // With Redis, ATMs loaded by `npx teller atm import` answer first; the connector's list until then.
    atms:
      o.atms ??
      (o.redis && o.connector.atms
        ? new FallbackAtmDirectory(new RedisGeoAtmDirectory(o.redis), o.connector.atms)
        : o.connector.atms),
    gazetteer: o.connector.gazetteer,
    prefs: { timezone: 'Europe/London', locale: 'en-GB', currency: 'GBP', ...o.prefs },
    now,
  };
  // Secure views store only who asked what, sealed, under a hash of the single-use token.
  const secureViews = new SecureViews({
    store: new SealedStorage<SecureViewRecord>(
      storage<string>(Math.ceil(SECURE_VIEW_TTL_MS / 1000)),
      vault,
      'secure-view',
      true,
    ),
    publicUrl: o.publicUrl.replace(/\/+$/, ''),
    services: { ...services, intents },
    audit,
    logger,
    ledger,
  });
  const engine = new Engine({
    nlu: o.nlu,
    intents,
    services,
    sessions,
    deduper: o.redis ? new RedisDeduper(o.redis, `${prefix}seen:`) : new MemoryDeduper(),
    lock: o.redis ? new RedisLock(o.redis, { prefix: `${prefix}lock:` }) : new MemoryLock(),
    // A turn run again after a crash skips the messages that already went out.
    replies: o.redis ? new RedisReplyLedger(o.redis, `${prefix}sent:`) : undefined,
    audit,
    logger,
    // Card numbers are cut out before anything else in the turn sees the text.
    middleware: [
      // Limits first: a flood costs one Redis round trip per message and nothing else.
      ...(limits ? [limits.middleware] : []),
      cardNumberGuard(),
      ...(handoff ? [handoffMiddleware(handoff)] : []),
      ...(o.middleware ?? []),
    ],
    typingDelayMs: o.typingDelayMs,
    metrics: metrics.turns,
    privacy: new TellerPrivacyGate({
      mode: o.privacyMode ?? 'inline',
      views: secureViews,
      reconfirmation: new ConsentReconfirmation({
        ledger,
        connector: connectorInfo,
        intent: (name) => ref.engine?.intents.get(name),
      }),
    }),
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
    privacy,
    secureViews,
    handoff,
    metrics,
    init: async () => {
      await e.init();
      handoff?.start();
    },
    close: async () => {
      await handoff?.close();
    },
  };
}
