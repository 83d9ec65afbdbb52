import { subjectHash, type ConsentLedger } from '../consent';
import type { PrivacyService } from '../engine/context';
import type { SessionData } from '../engine/session-data';
import type { GrantStore } from '../linking/grants';
import type { LinkingService, LinkUser } from '../linking/types';
import type { StorageAdapter } from '../session/types';
import type { PersonalDataStore } from './erasable';
import { consentStore, linkStore, sessionStore, type ConnectorInfo } from './stores';

/**
 * What is left after "delete my data": when, a keyed hash of the subject, and how many items each
 * store removed. No user id, no name, nothing that was erased.
 */
export interface ErasureRecord {
  erasedAt: string;
  subjectHash: string;
  /** Items removed per store name, e.g. `{ links: 1, session: 1, transcripts: 12 }`. */
  removed: Record<string, number>;
}

export interface TellerPrivacyOptions {
  sessions: StorageAdapter<SessionData>;
  grants: GrantStore;
  linking: LinkingService;
  connectors: ConnectorInfo[];
  sessionTtlSeconds: number;
  /** Consent history; erased with everything else, leaving only the erasure record. */
  ledger?: ConsentLedger;
  /** More places that hold something about a user (transcripts, the audit trail…); see `register`. */
  stores?: PersonalDataStore[];
  /** Key for the subject hash of the erasure record (HMAC-SHA256); see `subjectHash`. */
  erasureKey?: string | Buffer;
  now?: () => Date;
  /** Where the erasure record is kept as proof (it holds no personal data). */
  onErased?: (record: ErasureRecord) => void;
}

/**
 * Answers "what do you know about me?" from what is actually stored, and erases it on request.
 * Every place that holds something about a user is a `PersonalDataStore`: the bank links, the
 * conversation state and the consent history are built in; others (transcripts, the audit trail)
 * are registered. Teller never stores balances, transactions or account numbers, so the list is
 * short on purpose.
 */
export class TellerPrivacy implements PrivacyService {
  private readonly stores: PersonalDataStore[];

  constructor(private readonly o: TellerPrivacyOptions) {
    // Links first: erasing revokes at the bank before anything else is forgotten.
    this.stores = [
      linkStore(o.grants, o.linking, o.connectors),
      sessionStore(o.sessions, o.sessionTtlSeconds),
      ...(o.ledger ? [consentStore(o.ledger, o.connectors)] : []),
    ];
    for (const store of o.stores ?? []) this.register(store);
  }

  /** Adds a store: listed by "what do you know about me?", emptied by "delete my data". */
  register(store: PersonalDataStore): this {
    if (this.stores.some((s) => s.name === store.name))
      throw new TypeError(`A personal-data store named "${store.name}" is already registered`);
    this.stores.push(store);
    return this;
  }

  /** The registered stores' names, in erasure order. */
  get storeNames(): string[] {
    return this.stores.map((s) => s.name);
  }

  async describe(user: LinkUser): Promise<string[]> {
    const facts: string[] = [`Your ${user.channel} id, so I can reply to you.`];
    for (const store of this.stores) facts.push(...(await store.describe(user)));
    facts.push(
      'I never store your balances, transactions or account numbers: I ask your bank each time and forget the answer.',
    );
    return facts;
  }

  /** Erases everything held about the user (see `forget`, which also returns the record). */
  async erase(user: LinkUser): Promise<void> {
    await this.forget(user);
  }

  /** Erases every store, in order, and returns (and reports) the erasure record. */
  async forget(user: LinkUser): Promise<ErasureRecord> {
    const removed: Record<string, number> = {};
    for (const store of this.stores) removed[store.name] = await store.erase(user);
    const record: ErasureRecord = {
      erasedAt: (this.o.now?.() ?? new Date()).toISOString(),
      subjectHash: this.alias(user),
      removed,
    };
    this.o.onErased?.(record);
    return record;
  }

  /** The keyed hash that stands for the user once erased (erasure record, pseudonymised audit). */
  alias(user: LinkUser): string {
    return subjectHash(user, this.o.erasureKey);
  }
}
