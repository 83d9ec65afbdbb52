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
    return this.valid(await this.store.take(key(token)));
  }

  private valid(record: LinkTokenRecord | undefined): LinkTokenRecord {
    if (!record || record.expiresAt <= this.now())
      throw new TellerError('TELLER_ERR_LINK_TOKEN', 'This link has expired or was already used');
    return record;
  }
}

function key(token: string): string {
  if (typeof token !== 'string' || token.length < 16 || token.length > 128) return 'linktoken:invalid';
  return 'linktoken:' + createHash('sha256').update(token).digest('base64url');
}
