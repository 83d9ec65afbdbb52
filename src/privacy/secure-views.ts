import { createHash, randomBytes } from 'node:crypto';
import type { ConsentLedger } from '../consent';
import type { AuditLog } from '../engine/audit';
import { BankAccess } from '../engine/bank-access';
import { TurnContext, type BotServices } from '../engine/context';
import type { IntentDefinition, IntentParams, EntityName } from '../engine/intent';
import type { Reply } from '../engine/reply';
import { emptySession } from '../engine/session-data';
import type { Resolved } from '../engine/understand';
import { userKey, type LinkUser } from '../linking/types';
import type { Logger } from '../logging/logger';
import type { Entities } from '../nlu/types';
import type { TakeableStorage } from '../session/types';

/** How long a secure-view link opens (5 minutes). */
export const SECURE_VIEW_TTL_MS = 5 * 60_000;
export const SECURE_VIEW_PATH = '/secure';

/**
 * What a secure-view link stands for: who asked what. Never an answer — the figures are fetched
 * from the bank when the page is opened and exist only in that response.
 */
export interface SecureViewRecord {
  channel: string;
  userId: string;
  intent: string;
  entities: Entities;
  params: IntentParams;
  skipped?: EntityName[];
  expiresAt: number;
}

export type SecureViewOutcome =
  | { kind: 'ok'; replies: Reply[]; intent: string }
  /** `gone`: unknown, used or expired link; `unlinked`: the bank link was removed since; `reconfirm`: consent is due. */
  | { kind: 'refused'; reason: 'gone' | 'unlinked' | 'reconfirm' };

export interface SecureViewsOptions {
  /** Sealed, single-use storage (`take` is atomic); keyed by a hash of the token only. */
  store: TakeableStorage<SecureViewRecord>;
  /** Public base URL of the app, no trailing slash. */
  publicUrl: string;
  services: BotServices;
  audit: AuditLog;
  logger: Logger;
  ledger?: ConsentLedger;
  ttlMs?: number;
}

/**
 * Secure-view links: the chat gets a short-lived, single-use link instead of the figures. Only
 * {user, intent, entities, params} is stored, under a SHA-256 of the token; opening the link runs
 * the intent handler at that moment with the user's current grant and renders what it replied.
 */
export class SecureViews {
  private readonly intents: ReadonlyMap<string, IntentDefinition>;

  constructor(private readonly o: SecureViewsOptions) {
    this.intents = new Map(o.services.intents.map((i) => [i.name, i]));
  }

  /** How long a link opens, in ms. */
  get ttlMs(): number {
    return this.o.ttlMs ?? SECURE_VIEW_TTL_MS;
  }

  private now(): number {
    return this.o.services.now().getTime();
  }

  /** Stores the question and returns the link to its answer. */
  async create(user: LinkUser, r: Resolved): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const record: SecureViewRecord = {
      channel: user.channel,
      userId: user.userId,
      intent: r.intent.name,
      entities: r.entities,
      params: r.params,
      expiresAt: this.now() + this.ttlMs,
    };
    if (r.skipped?.length) record.skipped = r.skipped;
    await this.o.store.write(storeKey(token)!, record);
    return `${this.o.publicUrl}${SECURE_VIEW_PATH}/${token}`;
  }

  /** True while the link can still be opened (does not use it up). */
  async isOpen(token: string): Promise<boolean> {
    const key = storeKey(token);
    return key !== undefined && this.valid(await this.o.store.read(key)) !== undefined;
  }

  /** Uses the link up and answers its question with fresh bank data. */
  async open(token: string): Promise<SecureViewOutcome> {
    const key = storeKey(token);
    const record = key === undefined ? undefined : this.valid(await this.o.store.take(key));
    const intent = record && this.intents.get(record.intent);
    if (!record || !intent) return { kind: 'refused', reason: 'gone' };
    const user = { channel: record.channel, userId: record.userId };
    const { connector, linking } = this.o.services;
    const grant = await linking.grant(user, connector.id);
    if (!grant) return { kind: 'refused', reason: 'unlinked' };
    if (await this.o.ledger?.needsReconfirmation(user, connector.id, this.now()))
      return { kind: 'refused', reason: 'reconfirm' };

    const replies: Reply[] = [];
    const ctx = new TurnContext(
      {
        channel: record.channel,
        userId: record.userId,
        messageId: `secure-view:${randomBytes(8).toString('hex')}`,
        timestamp: this.now(),
        text: '',
      },
      this.o.services,
      { send: async (_id, reply) => void replies.push(reply) },
      this.o.logger.child({ channel: record.channel, view: 'secure' }),
      emptySession(),
    );
    ctx.intent = intent.name;
    ctx.entities = record.entities;
    ctx.params = record.params;
    ctx.bankAccess = new BankAccess({
      connector,
      grant: { subject: grant.subject, accessToken: grant.accessToken, scopes: grant.scopes },
      audit: this.o.audit,
      user: userKey(user),
      intent: intent.name,
    });
    await intent.handle(ctx);
    return { kind: 'ok', replies, intent: intent.name };
  }

  private valid(record: SecureViewRecord | undefined): SecureViewRecord | undefined {
    return record && record.expiresAt > this.now() ? record : undefined;
  }
}

const TOKEN = /^[A-Za-z0-9_-]{40,64}$/;

/** Only a hash of the token is a key: a copy of the store opens no link. */
function storeKey(token: string): string | undefined {
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  return 'secureview:' + createHash('sha256').update(token).digest('base64url');
}
