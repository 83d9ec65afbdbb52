import type { AtmDirectory, BankConnector, Gazetteer } from '../connectors/types';
import type { LinkingService, LinkUser } from '../linking/types';
import type { Logger } from '../logging/logger';
import type { Entities, NluResult } from '../nlu/types';
import type { BankAccess } from './bank-access';
import { TellerError } from './errors';
import type { EntityName, IntentDefinition, IntentParams } from './intent';
import type { Reply, QuickReply } from './reply';
import { text as textReply } from './reply';
import type { SessionData } from './session-data';
import type { Turn } from './turn';
import type { SlowCallTyping } from './typing';

/** Per-user presentation settings. */
export interface UserPrefs {
  timezone: string;
  locale: string;
  currency: string;
}

/** What Teller knows about a user and how to forget it ("what do you know about me", "delete my data"). */
export interface PrivacyService {
  describe(user: LinkUser): Promise<string[]>;
  erase(user: LinkUser): Promise<void>;
}

/** Everything a bot offers its handlers beyond the turn itself. */
export interface BotServices {
  connector: BankConnector;
  linking: LinkingService;
  privacy: PrivacyService;
  atms?: AtmDirectory;
  gazetteer?: Gazetteer;
  intents: readonly IntentDefinition[];
  prefs: UserPrefs;
  /** Clock, for tests and reproducible demos. */
  now: () => Date;
}

/** Where replies go: the channel that delivered the turn. */
/** Per-call send options the engine passes to channels. */
export interface SendOptions {
  /**
   * Idempotency for a turn that may run again after a crash: the channel claims each message part
   * before sending it (false: it already went out, skip it) and marks it sent after.
   */
  once?: { claim(part: number): Promise<boolean>; sent(part: number): Promise<void> };
}

export interface Outbound {
  send(userId: string, reply: Reply, options?: SendOptions): Promise<void>;
  /** Shows or hides a typing indicator, where the channel has one. */
  typing?(userId: string, on: boolean): Promise<void>;
}

/** The context every middleware and intent handler receives. */
export class TurnContext {
  session: SessionData;
  nlu?: NluResult;
  /** The chosen intent's name, once known. */
  intent?: string;
  entities: Entities = {};
  /** Intent-specific settings from the message or the button pressed (see `IntentDefinition.params`). */
  params: IntentParams = {};
  /** Set once the link gate passed for an intent that requires bank scopes. */
  bankAccess?: BankAccess;
  /** The turn's typing indicator, shown when a bank call is slow (channels with typing only). */
  typing?: SlowCallTyping;
  readonly sent: Reply[] = [];
  /** Set when the turn's error reached the error boundary (the customer got the calm message). */
  failed = false;
  /** When true the session is deleted instead of saved at the end of the turn ("delete my data"). */
  sessionEnded = false;

  constructor(
    readonly turn: Turn,
    readonly services: BotServices,
    readonly outbound: Outbound,
    readonly log: Logger,
    session: SessionData,
  ) {
    this.session = session;
  }

  get userId(): string {
    return this.turn.userId;
  }

  get user(): LinkUser {
    return { channel: this.turn.channel, userId: this.turn.userId };
  }

  /** What the user typed, or the label of what they pressed. */
  get text(): string {
    return this.turn.text ?? this.turn.postback?.title ?? '';
  }

  get prefs(): UserPrefs {
    return this.services.prefs;
  }

  now(): Date {
    return this.services.now();
  }

  /** The customer's bank, read-only and audited. Only intents that declare `requires` get one. */
  get bank(): BankAccess {
    if (!this.bankAccess)
      throw new TellerError('TELLER_ERR_NOT_LINKED', 'This intent does not declare `requires`');
    return this.bankAccess;
  }

  /**
   * Asks the customer for one entity and waits: their answer resumes this intent with the entities
   * and params it has now (e.g. "I couldn't find that place — where are you?").
   */
  async ask(entity: EntityName, question: string, quickReplies?: QuickReply[]): Promise<void> {
    if (!this.intent) throw new TellerError('TELLER_ERR_INTERNAL', 'ask() outside an intent');
    const entities = { ...this.entities };
    delete entities[entity];
    this.session.pending = {
      intent: this.intent,
      entities,
      params: this.params,
      waitingFor: { kind: 'slot', entity },
      since: this.now().getTime(),
    };
    await this.reply(question, quickReplies);
  }

  /** Erases everything Teller holds about this user (revoking bank links) and ends the session. */
  async eraseUserData(): Promise<void> {
    await this.services.privacy.erase(this.user);
    this.endSession();
  }

  /** Forget this conversation's session when the turn ends. */
  endSession(): void {
    this.sessionEnded = true;
  }

  async reply(reply: Reply | string, quickReplies?: QuickReply[]): Promise<void> {
    const r = typeof reply === 'string' ? textReply(reply, quickReplies) : reply;
    this.sent.push(r);
    await this.outbound.send(this.turn.userId, r);
  }
}

/** The handler-facing view. A type alias keeps the door open for context "flavors". */
export type IntentContext = TurnContext;
