import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { userKey, type LinkUser } from '../linking/types';
import { userTag } from '../redis/connect';
import type { StorageAdapter } from '../session/types';
import { ConsentError } from './errors';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** UK AIS (FCA SCA-RTS, 2022): the customer reconfirms account access every 90 days. */
export const RECONFIRM_AFTER_MS = 90 * DAY_MS;
/** How long a consent lasts unless the ledger is told otherwise. */
export const DEFAULT_CONSENT_DURATION_MS = 365 * DAY_MS;

const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/);
const iso = z.string().datetime();

/** One opt-in at one connector: ids, scopes and dates only, never financial data. */
const entrySchema = z
  .object({
    connector: name,
    scopes: z.array(name).max(32),
    grantedAt: iso,
    expiresAt: iso,
    revokedAt: iso.optional(),
    reconfirmedAt: iso.optional(),
  })
  .strict();
const recordSchema = z.object({ entries: z.array(entrySchema) }).strict();

export type ConsentEntry = z.infer<typeof entrySchema>;
export type ConsentRecord = z.infer<typeof recordSchema>;

/** Proof that a subject was erased: a keyed hash of the subject, and when. No personal data. */
export interface ErasureRecord {
  erasedAt: string;
  subjectHash: string;
}

export interface ConsentLedgerOptions {
  /** How long a consent lasts from its grant, in ms (default 365 days). */
  durationMs?: number;
  /** Reconfirmation interval in ms (default 90 days). */
  reconfirmAfterMs?: number;
  /**
   * Secret key for the erasure proof (HMAC-SHA256). Without it the proof is a plain SHA-256 of
   * the subject, which someone holding a user id could confirm; set it in production.
   */
  erasureKey?: string | Buffer;
}

type Instant = Date | number;

function toMs(now: Instant): number {
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!Number.isSafeInteger(ms)) throw new ConsentError('TELLER_ERR_CONSENT_INVALID', 'invalid time');
  return ms;
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

function checkDuration(label: string, ms: number): number {
  if (!Number.isSafeInteger(ms) || ms <= 0)
    throw new ConsentError('TELLER_ERR_CONSENT_INVALID', `${label} must be a positive integer of ms`);
  return ms;
}

/** The erasure proof for a subject: `hmac-sha256:<b64url>` with a key, else `sha256:<b64url>`. */
export function subjectHash(user: LinkUser, erasureKey?: string | Buffer): string {
  const subject = `teller-erasure:${userKey(user)}`;
  return erasureKey === undefined
    ? `sha256:${createHash('sha256').update(subject).digest('base64url')}`
    : `hmac-sha256:${createHmac('sha256', erasureKey).update(subject).digest('base64url')}`;
}

/**
 * Per-user record of which connectors a user opted into, with which scopes, until when, and when
 * they last reconfirmed. One document per user (read-modify-write: callers serialise a user's
 * turns, as the engine's lock does).
 */
export class ConsentLedger {
  private readonly durationMs: number;
  private readonly reconfirmAfterMs: number;

  constructor(
    private readonly store: StorageAdapter<ConsentRecord>,
    private readonly options: ConsentLedgerOptions = {},
  ) {
    this.durationMs = checkDuration('durationMs', options.durationMs ?? DEFAULT_CONSENT_DURATION_MS);
    this.reconfirmAfterMs = checkDuration('reconfirmAfterMs', options.reconfirmAfterMs ?? RECONFIRM_AFTER_MS);
  }

  private key(user: LinkUser): string {
    return `consent:${userTag(userKey(user))}`;
  }

  private async load(user: LinkUser): Promise<ConsentEntry[]> {
    const raw = await this.store.read(this.key(user));
    if (raw === undefined) return [];
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success)
      throw new ConsentError('TELLER_ERR_CONSENT_INVALID', 'stored consent record is invalid');
    return parsed.data.entries;
  }

  private async save(user: LinkUser, entries: ConsentEntry[]): Promise<void> {
    if (entries.length === 0) await this.store.delete(this.key(user));
    else await this.store.write(this.key(user), { entries });
  }

  /** Records (or replaces) the consent at `connector`. */
  async grant(
    user: LinkUser,
    connector: string,
    scopes: string[],
    now: Instant = Date.now(),
  ): Promise<ConsentEntry> {
    const at = toMs(now);
    const parsed = entrySchema.safeParse({
      connector,
      scopes: [...new Set(scopes)],
      grantedAt: isoAt(at),
      expiresAt: isoAt(at + this.durationMs),
    });
    if (!parsed.success)
      throw new ConsentError('TELLER_ERR_CONSENT_INVALID', 'connector and scopes must be short identifiers');
    const entries = (await this.load(user)).filter((e) => e.connector !== connector);
    entries.push(parsed.data);
    await this.save(user, entries);
    return parsed.data;
  }

  /** Marks the consent revoked. False when there was no live consent. */
  async revoke(user: LinkUser, connector: string, now: Instant = Date.now()): Promise<boolean> {
    const at = toMs(now);
    const entries = await this.load(user);
    const entry = entries.find((e) => e.connector === connector);
    if (!entry || !this.isLive(entry, at)) return false;
    entry.revokedAt = isoAt(at);
    await this.save(user, entries);
    return true;
  }

  /** The live consent at `connector`: granted, not revoked, not expired at `now`. */
  async current(
    user: LinkUser,
    connector: string,
    now: Instant = Date.now(),
  ): Promise<ConsentEntry | undefined> {
    const at = toMs(now);
    const entry = (await this.load(user)).find((e) => e.connector === connector);
    return entry && this.isLive(entry, at) ? entry : undefined;
  }

  /** Every entry for the user, revoked and expired ones included. */
  async list(user: LinkUser): Promise<ConsentEntry[]> {
    return this.load(user);
  }

  /**
   * True once `reconfirmAfterMs` (90 days) have passed since the grant or the last
   * reconfirmation. False when there is no live consent: that needs a new grant, not a reconfirm.
   */
  async needsReconfirmation(user: LinkUser, connector: string, now: Instant = Date.now()): Promise<boolean> {
    const at = toMs(now);
    const entry = await this.current(user, connector, at);
    if (!entry) return false;
    const since = Date.parse(entry.reconfirmedAt ?? entry.grantedAt);
    return at - since >= this.reconfirmAfterMs;
  }

  /** Records that the user reconfirmed. Undefined when there is no live consent. */
  async reconfirm(
    user: LinkUser,
    connector: string,
    now: Instant = Date.now(),
  ): Promise<ConsentEntry | undefined> {
    const at = toMs(now);
    const entries = await this.load(user);
    const entry = entries.find((e) => e.connector === connector);
    if (!entry || !this.isLive(entry, at)) return undefined;
    entry.reconfirmedAt = isoAt(at);
    await this.save(user, entries);
    return entry;
  }

  /** Removes every entry of the user and returns a minimal proof of erasure. */
  async erase(user: LinkUser, now: Instant = Date.now()): Promise<ErasureRecord> {
    const at = toMs(now);
    await this.store.delete(this.key(user));
    return { erasedAt: isoAt(at), subjectHash: subjectHash(user, this.options.erasureKey) };
  }

  private isLive(entry: ConsentEntry, at: number): boolean {
    return entry.revokedAt === undefined && Date.parse(entry.expiresAt) > at;
  }
}
