import type { AuditLog } from './audit';
import { BankAccess } from './bank-access';
import { Composer, type Middleware } from './composer';
import { randomBytes } from 'node:crypto';
import { TurnContext, type BotServices, type Outbound } from './context';
import type { Deduper, ReplyLedger } from './dedupe';
import { errorCode, TellerError } from './errors';
import type { IntentDefinition } from './intent';
import { LOCAL_FENCE, type Fence, type UserLock } from './lock';
import { isTransient } from './transient';
import { intentPayload } from './payloads';
import { quick, text } from './reply';
import { LINK_NOT_CONFIRMED, linkRequest, linkedConfirmation, missingSlot } from './gates';
import { turnOutbound } from './turn-outbound';
import { emptySession, sessionKey, type PendingIntent, type SessionData } from './session-data';
import type { Turn } from './turn';
import { DEFAULT_TYPING_DELAY_MS, SlowCallTyping } from './typing';
import { requiresBank, understand, type Resolved, type Understanding } from './understand';
import type { StorageAdapter } from '../session/types';
import type { Logger } from '../logging/logger';
import type { Nlu, NluResult, ParseContext } from '../nlu/types';
import type { TurnMetrics } from '../metrics/turns';
import { userKey, type LinkUser } from '../linking/types';
import { calmMessage } from './messages';
import type { PrivacyGate } from '../privacy/gate';

/** How long a question waits for the customer to finish linking. */
const PENDING_LINK_MS = 30 * 60_000;

export interface EngineOptions {
  nlu: Nlu;
  intents: readonly IntentDefinition[];
  services: Omit<BotServices, 'intents'>;
  sessions: StorageAdapter<SessionData>;
  deduper: Deduper;
  lock: UserLock;
  /**
   * Records which messages of a turn went out, so a turn run again after a crash skips them (see
   * RedisReplyLedger). Without it a re-run turn repeats its replies.
   */
  replies?: ReplyLedger;
  audit: AuditLog;
  logger: Logger;
  /** Extra middleware that runs after the session loads and before understanding (e.g. handoff). */
  middleware?: Middleware<TurnContext>[];
  fallbackIntent?: string;
  greetingIntent?: string;
  followUpWindowMs?: number;
  /**
   * How long a bank call runs before the channel shows typing (default 300 ms; 0 shows it as soon
   * as a call starts). Fast answers send no typing indicator at all.
   */
  typingDelayMs?: number;
  /** Turn, stage and routing instruments (Prometheus, served at GET /metrics). */
  metrics?: TurnMetrics;
  /** 90-day consent re-confirmation and secure-view answers, around bank-reading intents. */
  privacy?: PrivacyGate;
}

/**
 * The turn pipeline: dedupe → per-user lock → error boundary → session → NLU → link gate → slot
 * gate → intent handler. Channels call `handle(turn)`; replies go back through the channel's
 * registered Outbound.
 */
export class Engine {
  readonly intents: ReadonlyMap<string, IntentDefinition>;
  private readonly channels = new Map<string, Outbound>();
  private readonly pipeline: Composer<TurnContext>;
  private readonly services: BotServices;
  private readonly forwards = new Map<string, (turn: Turn) => Promise<void>>();
  private readonly fences = new WeakMap<TurnContext, Fence>();
  private trained = false;

  constructor(private readonly o: EngineOptions) {
    const map = new Map<string, IntentDefinition>();
    for (const intent of o.intents) {
      if (map.has(intent.name))
        throw new TellerError('TELLER_ERR_INTENT_DUPLICATE', `Two intents are named "${intent.name}"`);
      map.set(intent.name, intent);
    }
    this.intents = map;
    this.services = { ...o.services, intents: o.intents };
    this.pipeline = new Composer<TurnContext>().use(this.timing()).errorBoundary(
      (err, ctx) => this.onError(err, ctx),
      this.sessionMiddleware(),
      ...(o.middleware ?? []),
      (ctx) => this.route(ctx),
    );
  }

  /** Trains the NLU on every intent's examples. Call once before handling turns. */
  async init(): Promise<void> {
    const examples = this.o.intents.flatMap((i) => i.examples.map((text) => ({ text, intent: i.name })));
    await this.o.nlu.train(examples);
    this.trained = true;
  }

  registerChannel(name: string, outbound: Outbound): void {
    this.channels.set(name, outbound);
  }

  /**
   * Hands a channel's turns to `forward` instead of running them here: a `web` process puts turns it
   * creates itself (the chat resumed after linking) into the inbox for a worker.
   */
  forwardTurns(channel: string, forward: (turn: Turn) => Promise<void>): void {
    this.forwards.set(channel, forward);
  }

  /** The Outbound registered for a channel (handoff sends notices and agents' messages through it). */
  outbound(channel: string): Outbound | undefined {
    return this.channels.get(channel);
  }

  /** Sends a message outside a turn (e.g. "you declined linking"), through the user's channel. */
  async say(user: LinkUser, body: string): Promise<void> {
    const out = this.channels.get(user.channel);
    if (!out) throw new TellerError('TELLER_ERR_CONFIG', `No channel registered as "${user.channel}"`);
    await out.send(user.userId, text(body));
  }

  /**
   * Handles one inbound turn. Resolves when all replies for it were handed to the channel.
   *
   * At-least-once safe: the turn is marked done only after it completed, and that mark is checked
   * under the user's lock, so a redelivery waits for a run in progress and then skips it, while a
   * run that died half-way (crash, lost lock, Redis outage) is run again. Its messages that already
   * went out are skipped through `replies`. Transient failures (Redis unreachable, lock lost) reject,
   * so a durable inbox redelivers the event instead of the customer getting an error message.
   */
  async handle(turn: Turn): Promise<void> {
    const forward = this.forwards.get(turn.channel);
    if (forward) return forward(turn);
    if (!this.trained) await this.init();
    const outbound = this.channels.get(turn.channel);
    if (!outbound) throw new TellerError('TELLER_ERR_CONFIG', `No channel registered as "${turn.channel}"`);
    const id = `${turn.channel}:${turn.messageId}`;
    // A redelivered message id gets no second reply (checked again under the lock below).
    if (await this.o.deduper.seen(id)) {
      this.o.logger.debug({ channel: turn.channel, messageId: turn.messageId }, 'duplicate turn ignored');
      return;
    }
    const key = userKey({ channel: turn.channel, userId: turn.userId });
    await this.o.lock.run(key, async (fence) => {
      if (await this.o.deduper.seen(id)) return;
      const log = this.o.logger.child({
        channel: turn.channel,
        turn: turn.messageId,
        trace: randomBytes(8).toString('hex'),
      });
      const typing = outbound.typing
        ? new SlowCallTyping(
            () => void outbound.typing!(turn.userId, true).catch(() => undefined),
            this.o.typingDelayMs ?? DEFAULT_TYPING_DELAY_MS,
          )
        : undefined;
      const sentLog = this.o.replies?.forTurn(key, turn.messageId, fence);
      const ctx = new TurnContext(
        turn,
        this.services,
        turnOutbound(outbound, typing, sentLog),
        log,
        emptySession(),
      );
      ctx.typing = typing;
      this.fences.set(ctx, fence);
      try {
        await this.pipeline.run(ctx);
      } finally {
        typing?.end();
      }
      // Only a completed turn is done; a fenced one stops here and is redelivered.
      await fence.assert();
      await this.o.deduper.done(id);
      // Done turns never run again, so their sent-reply claims have served their purpose.
      await sentLog
        ?.forget()
        .catch((err: unknown) => log.debug({ code: errorCode(err) }, 'sent-reply claims left to expire'));
    });
  }

  /** Times each turn for the metrics; a turn whose error reached the boundary counts as `error`. */
  private timing(): Middleware<TurnContext> {
    return async (ctx, next) => {
      const metrics = this.o.metrics;
      if (!metrics) return next();
      const started = performance.now();
      await next();
      metrics.turn(ctx.failed ? 'error' : 'ok', (performance.now() - started) / 1000);
    };
  }

  /** Session load/save. If anything after it throws, the session is NOT written back. */
  private sessionMiddleware(): Middleware<TurnContext> {
    return async (ctx, next) => {
      const key = sessionKey(ctx.user);
      ctx.session = (await this.o.sessions.read(key)) ?? emptySession();
      await next();
      // A turn that lost its lock must not write over the one that took it over.
      await (this.fences.get(ctx) ?? LOCAL_FENCE).assert();
      if (ctx.sessionEnded) await this.o.sessions.delete(key);
      else await this.o.sessions.write(key, ctx.session);
    };
  }

  private async route(ctx: TurnContext): Promise<void> {
    const u = await understand(ctx, {
      intents: this.intents,
      parse: (t) =>
        this.timedParse(t, { timezone: ctx.prefs.timezone, now: ctx.now(), currency: ctx.prefs.currency }),
      fallbackIntent: this.fallbackName,
      greetingIntent: this.o.greetingIntent ?? 'greeting',
      followUpWindowMs: this.o.followUpWindowMs ?? 15 * 60_000,
      choiceFloor: 0.15,
    });
    await this.dispatch(ctx, u);
  }

  private async dispatch(ctx: TurnContext, u: Understanding): Promise<void> {
    switch (u.kind) {
      case 'linked':
        return this.onLinked(ctx, u.connector);
      case 'choice':
        ctx.session.pending = {
          intent: u.options[0]!.name,
          entities: ctx.nlu?.entities ?? {},
          waitingFor: { kind: 'choice' },
          choices: u.options.map((o) => o.name),
          since: ctx.now().getTime(),
        };
        return ctx.reply(
          text(
            'Did you mean…?',
            [
              ...u.options.map((o) => quick(o.suggestion ?? o.description ?? o.name, intentPayload(o.name))),
              quick('Something else', intentPayload(this.fallbackName)),
            ].slice(0, 4),
          ),
        );
      case 'fallback': {
        const fb = this.intents.get(this.fallbackName);
        if (!fb) return ctx.reply("Sorry, I didn't get that.");
        return this.runIntent(ctx, { intent: fb, entities: {}, params: {} });
      }
      case 'intent':
        return this.runIntent(ctx, u);
    }
  }

  private async timedParse(text: string, context: ParseContext): Promise<NluResult> {
    if (!this.o.metrics) return this.o.nlu.parse(text, context);
    const started = performance.now();
    try {
      return await this.o.nlu.parse(text, context);
    } finally {
      this.o.metrics.stage('nlu', (performance.now() - started) / 1000);
    }
  }

  private get fallbackName(): string {
    return this.o.fallbackIntent ?? 'fallback';
  }

  private async onLinked(ctx: TurnContext, connector: string): Promise<void> {
    const grant = await this.services.linking.grant(ctx.user, connector);
    if (!grant) return ctx.reply(LINK_NOT_CONFIRMED);
    await ctx.reply(linkedConfirmation(this.services.connector.displayName, grant.scopes));
    const pending = ctx.session.pending;
    ctx.session.pending = undefined;
    const fresh = pending && ctx.now().getTime() - pending.since <= PENDING_LINK_MS;
    const intent =
      pending?.waitingFor.kind === 'link' && fresh ? this.intents.get(pending.intent) : undefined;
    if (pending && intent)
      return this.runIntent(ctx, {
        intent,
        entities: pending.entities,
        params: pending.params ?? {},
        skipped: pending.skipped,
      });
  }

  /** Link gate, then slot gate, then the handler. */
  private async runIntent(ctx: TurnContext, r: Resolved): Promise<void> {
    const { intent, entities, params, skipped } = r;
    ctx.intent = intent.name;
    ctx.entities = entities;
    ctx.params = params;
    const previous = ctx.session.pending;
    ctx.session.pending = undefined;
    const now = ctx.now().getTime();
    const isFallback = intent.name === this.fallbackName;
    this.o.metrics?.routed(intent.name, isFallback);
    // Any understood question ends a run of "I didn't get that", even if it stops at a gate.
    if (!isFallback) ctx.session.fallbacks = 0;
    const wait = (waitingFor: PendingIntent['waitingFor']) => {
      ctx.session.pending = { intent: intent.name, entities, params, waitingFor, skipped, since: now };
    };

    if (requiresBank(intent)) {
      const connector = this.services.connector;
      const grant = await this.services.linking.grant(ctx.user, connector.id);
      if (!grant) {
        wait({ kind: 'link', connector: connector.id });
        const url = await this.services.linking.startUrl(ctx.user, connector.id);
        return ctx.reply(linkRequest(connector, url));
      }
      const reconfirmed = await this.o.privacy?.reconfirm(ctx, r, previous);
      if (reconfirmed === 'asked') return;
      if (reconfirmed) return this.runIntent(ctx, reconfirmed);
      ctx.bankAccess = new BankAccess({
        connector,
        grant: { subject: grant.subject, accessToken: grant.accessToken, scopes: grant.scopes },
        audit: this.o.audit,
        user: userKey(ctx.user),
        intent: intent.name,
        onBusy: ctx.typing && (() => ctx.typing!.callStarted()),
        onIdle: ctx.typing && (() => ctx.typing!.callEnded()),
        onTimed: this.o.metrics && ((s) => this.o.metrics!.stage('connector', s)),
      });
    }

    const slot = missingSlot(intent, entities, skipped, ctx.turn.location !== undefined);
    if (slot) {
      wait({ kind: 'slot', entity: slot.entity });
      return ctx.reply(slot.question);
    }

    if (!(requiresBank(intent) && (await this.o.privacy?.present(ctx, r)))) await intent.handle(ctx);
    if (ctx.sessionEnded) return;
    // A question still waiting for the customer's opt-in survives an unrelated turn such as
    // "link my account", so approving the link still answers it.
    if (!ctx.session.pending && previous?.waitingFor.kind === 'link' && !requiresBank(intent))
      ctx.session.pending = previous;
    if (!isFallback) ctx.session.last = { intent: intent.name, entities, params, skipped, at: now };
  }

  private async onError(err: unknown, ctx: TurnContext): Promise<void> {
    ctx.failed = true;
    const code = errorCode(err);
    if (isTransient(err)) {
      // Redis unreachable or the lock lost: no apology, the inbox runs the turn again.
      ctx.log.warn({ code, err, intent: ctx.intent }, 'turn interrupted; it will be redelivered');
      throw err;
    }
    ctx.log.error({ code, err, intent: ctx.intent }, 'turn failed');
    try {
      await ctx.outbound.send(ctx.userId, text(calmMessage(code)));
    } catch (sendErr) {
      ctx.log.error({ code: 'TELLER_ERR_CHANNEL_SEND', err: sendErr }, 'could not deliver the error message');
    }
  }
}
