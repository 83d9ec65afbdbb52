import { createHash, randomBytes } from 'node:crypto';
import type { TakeableStorage } from '../session/types';
import { TellerError } from '../engine/errors';
import type { LinkUser } from './types';

export interface LinkTokenRecord {
  channel: string;
  userId: string;
  connector: string;
  expiresAt: number;
}

export const LINK_TOKEN_TTL_MS = 10 * 60_000;

/**
 * Single-use link tokens: bound to one user and one connector, valid for 10 minutes. Only a
 * SHA-256 of the token is stored, so a leaked store does not leak usable links.
 */
export class LinkTokens {
  constructor(
    private readonly store: TakeableStorage<LinkTokenRecord>,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = LINK_TOKEN_TTL_MS,
  ) {}

  async issue(user: LinkUser, connector: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.store.write(key(token), {
      channel: user.channel,
      userId: user.userId,
      connector,
      expiresAt: this.now() + this.ttlMs,
    });
    return token;
  }

  /** Looks without using it up (to render a consent page). */
  async peek(token: string): Promise<LinkTokenRecord> {
    return this.valid(await this.store.read(key(token)));
  }

  /** Uses the token up: a second call with the same token fails. */
  async consume(token: string): Promise<LinkTokenRecord> {
    const record = await this.store.take(key(token));
    // Remember who it belonged to, so a replay can be reported to that chat (never honoured).
    if (record) await this.store.write(usedKey(token), record);
    return this.valid(record);
  }

  /**
   * Whose token this was when it can no longer be used (expired, or already used): the chat to
   * tell that the link did not work. Undefined for a token never issued (or long forgotten).
   */
  async owner(token: string): Promise<LinkTokenRecord | undefined> {
    if (key(token) === INVALID) return undefined;
    return (await this.store.read(key(token))) ?? (await this.store.read(usedKey(token)));
  }

  private valid(record: LinkTokenRecord | undefined): LinkTokenRecord {
    if (!record || record.expiresAt <= this.now())
      throw new TellerError('TELLER_ERR_LINK_TOKEN', 'This link has expired or was already used');
    return record;
  }
}

const INVALID = 'linktoken:invalid';

function hash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function key(token: string): string {
  if (typeof token !== 'string' || token.length < 16 || token.length > 128) return INVALID;
  return 'linktoken:' + hash(token);
}

function usedKey(token: string): string {
  return key(token) === INVALID ? INVALID : 'linktoken-used:' + hash(token);
}

/** The SHA-256 of a link token: what an OAuth state is bound to, never the token itself. */
export function linkTokenHash(token: string): string {
  return hash(token);
}
