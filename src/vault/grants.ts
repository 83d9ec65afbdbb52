import { inspect } from 'node:util';
import type { Grant, LinkUser } from '../linking/types';
import { userKey } from '../linking/types';
import { userTag } from '../redis/connect';
import type { StorageAdapter } from '../session/types';
import { REDACTED } from './secret';
import type { TokenVault, VaultBinding } from './vault';

/** A grant as the linking flow sees it, with the refresh token OAuth2 adds. */
export interface VaultGrant extends Grant {
  refreshToken?: string;
}

/** A grant as it is stored: tokens only as vault envelopes, under names that cannot be mistaken. */
export interface SealedGrant {
  connector: string;
  subject: string;
  scopes: string[];
  grantedAt: number;
  expiresAt?: number;
  context?: Record<string, string>;
  sealedAccessToken?: string;
  sealedRefreshToken?: string;
}

const TOKENS = [
  ['accessToken', 'sealedAccessToken', 'access'],
  ['refreshToken', 'sealedRefreshToken', 'refresh'],
] as const;

/**
 * Guards a decrypted grant: `JSON.stringify`, `util.inspect` (console.log, pino) print the tokens
 * as `[redacted]`. The token fields stay plain strings for the caller. Note a spread copy
 * (`{...grant}`) loses the guard.
 */
function guard(grant: VaultGrant): VaultGrant {
  const redacted = (): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...grant };
    for (const [field] of TOKENS) if (copy[field] !== undefined) copy[field] = REDACTED;
    return copy;
  };
  Object.defineProperty(grant, 'toJSON', { value: redacted, enumerable: false });
  Object.defineProperty(grant, inspect.custom, {
    value: (_depth: number, options: object) => inspect(redacted(), options),
    enumerable: false,
  });
  return grant;
}

/**
 * Grants with their tokens sealed by a `TokenVault`: no token is ever stored in clear text.
 * `get` re-seals with the current key (and stores it) when a grant was sealed with an old one.
 */
export class VaultedGrantStore {
  constructor(
    private readonly store: StorageAdapter<SealedGrant>,
    private readonly vault: TokenVault,
  ) {}

  private binding(user: LinkUser, connector: string, purpose: string): VaultBinding {
    return { user, connector, purpose };
  }

  async get(user: LinkUser, connector: string): Promise<VaultGrant | undefined> {
    const sealed = await this.store.read(key(user, connector));
    if (!sealed) return undefined;
    const grant: VaultGrant = {
      connector: sealed.connector,
      subject: sealed.subject,
      scopes: sealed.scopes,
      grantedAt: sealed.grantedAt,
    };
    if (sealed.expiresAt !== undefined) grant.expiresAt = sealed.expiresAt;
    if (sealed.context !== undefined) grant.context = sealed.context;
    const resealed: SealedGrant = { ...sealed };
    let changed = false;
    for (const [field, sealedField, purpose] of TOKENS) {
      const envelope = sealed[sealedField];
      if (envelope === undefined) continue;
      const opened = this.vault.rotate(envelope, this.binding(user, connector, purpose));
      grant[field] = opened.plaintext.reveal();
      resealed[sealedField] = opened.envelope;
      changed ||= opened.changed;
    }
    // Re-encrypt on read after a key rotation. Without compare-and-set a concurrent put could be
    // overwritten by the same grant sealed anew; both hold the same tokens unless it was replaced.
    if (changed) await this.store.write(key(user, connector), resealed);
    return guard(grant);
  }

  async put(user: LinkUser, grant: VaultGrant): Promise<void> {
    const sealed: SealedGrant = {
      connector: grant.connector,
      subject: grant.subject,
      scopes: [...grant.scopes],
      grantedAt: grant.grantedAt,
    };
    if (grant.expiresAt !== undefined) sealed.expiresAt = grant.expiresAt;
    if (grant.context !== undefined) sealed.context = { ...grant.context };
    for (const [field, sealedField, purpose] of TOKENS) {
      const token = grant[field];
      if (token !== undefined)
        sealed[sealedField] = this.vault.encrypt(token, this.binding(user, grant.connector, purpose));
    }
    await this.store.write(key(user, grant.connector), sealed);
  }

  delete(user: LinkUser, connector: string): Promise<void> {
    return this.store.delete(key(user, connector));
  }
}

function key(user: LinkUser, connector: string): string {
  return `vgrant:${userTag(userKey(user))}:${connector}`;
}
