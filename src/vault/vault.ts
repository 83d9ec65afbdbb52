import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { userKey, type LinkUser } from '../linking/types';
import { VaultError } from './errors';
import { ephemeralKeyring, parseVaultKeys, VAULT_KEYS_SETTING, type VaultKeyring } from './keys';
import { Secret } from './secret';

/** Envelope format tag: `tv1.<keyVersion>.<iv b64url>.<ciphertext b64url>.<tag b64url>`. */
export const ENVELOPE_PREFIX = 'tv1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * What a ciphertext is bound to (the AES-GCM additional data): moving it to another user,
 * connector or purpose, or relabelling its key version, makes it fail to open.
 */
export interface VaultBinding {
  user: LinkUser | string;
  connector: string;
  /** Which field it is, e.g. "access" or "refresh", so the two cannot be swapped. */
  purpose?: string;
}

export interface Opened {
  plaintext: Secret;
  /** True when sealed with a key that is no longer current: re-seal and store it again. */
  needsReencrypt: boolean;
}

function aad(version: string, binding: VaultBinding): Buffer {
  const user = typeof binding.user === 'string' ? binding.user : userKey(binding.user);
  // A JSON array is an unambiguous encoding: no separator inside a field can shift the boundaries.
  return Buffer.from(
    JSON.stringify([ENVELOPE_PREFIX, version, user, binding.connector, binding.purpose ?? '']),
  );
}

function bad(message: string): never {
  throw new VaultError('TELLER_ERR_VAULT_DECRYPT', message);
}

/** AES-256-GCM with versioned keys, a random 12-byte IV per seal and AAD binding. */
export class TokenVault {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly #current: string;

  constructor(keyring: VaultKeyring) {
    if (!keyring.keys.has(keyring.current))
      throw new VaultError('TELLER_ERR_VAULT_KEYS', `${VAULT_KEYS_SETTING}: current key missing`);
    this.#keys = new Map(keyring.keys);
    this.#current = keyring.current;
  }

  get currentVersion(): string {
    return this.#current;
  }

  get versions(): string[] {
    return [...this.#keys.keys()];
  }

  encrypt(plaintext: string | Secret, binding: VaultBinding): string {
    const value = plaintext instanceof Secret ? plaintext.reveal() : plaintext;
    const version = this.#current;
    const key = this.#keys.get(version) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(version, binding));
    const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [ENVELOPE_PREFIX, version, iv, ct, tag]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(envelope: string, binding: VaultBinding): Opened {
    if (typeof envelope !== 'string') bad('envelope is not a string');
    const parts = envelope.split('.');
    if (parts.length !== 5) bad('envelope is malformed');
    const [prefix, version, ivB64, ctB64, tagB64] = parts as [string, string, string, string, string];
    if (prefix !== ENVELOPE_PREFIX) bad('envelope has an unknown format');
    const key = this.#keys.get(version);
    if (!key) bad(`envelope was sealed with unknown key version "${version.slice(0, 32)}"`);
    if (![ivB64, ctB64, tagB64].every((p) => B64URL.test(p))) bad('envelope is malformed');
    const iv = Buffer.from(ivB64, 'base64url');
    const tag = Buffer.from(tagB64, 'base64url');
    // Re-encoding must give back the same text: rejects non-canonical (malleable) encodings.
    if (iv.length !== IV_BYTES || iv.toString('base64url') !== ivB64) bad('envelope is malformed');
    if (tag.length !== TAG_BYTES || tag.toString('base64url') !== tagB64) bad('envelope is malformed');
    const ct = Buffer.from(ctB64, 'base64url');
    if (ct.toString('base64url') !== ctB64) bad('envelope is malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(version, binding));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      return { plaintext: new Secret(plain), needsReencrypt: version !== this.#current };
    } catch {
      return bad('envelope failed authentication (tampered, or bound to another user or connector)');
    }
  }

  /** Opens and, when needed, re-seals with the current key. `envelope` is the value to store. */
  rotate(envelope: string, binding: VaultBinding): { plaintext: Secret; envelope: string; changed: boolean } {
    const { plaintext, needsReencrypt } = this.decrypt(envelope, binding);
    if (!needsReencrypt) return { plaintext, envelope, changed: false };
    return { plaintext, envelope: this.encrypt(plaintext, binding), changed: true };
  }

  toJSON(): { vault: string; currentVersion: string; versions: string[] } {
    return { vault: 'TokenVault', currentVersion: this.#current, versions: this.versions };
  }

  [inspect.custom](): string {
    return `TokenVault { current: ${this.#current}, versions: [${this.versions.join(', ')}], keys: [redacted] }`;
  }
}

export interface VaultFromEnvOptions {
  production: boolean;
  /** Where the development warning goes; defaults to process.emitWarning. */
  warn?: (message: string) => void;
}

/**
 * Builds the vault from `TELLER_VAULT_KEYS`. In production a missing key is an error; in
 * development an ephemeral key is generated (tokens will not survive a restart) with a warning.
 */
export function vaultFromEnv(
  env: Record<string, string | undefined>,
  options: VaultFromEnvOptions,
): TokenVault {
  const value = env[VAULT_KEYS_SETTING];
  if (value !== undefined && value.trim() !== '') return new TokenVault(parseVaultKeys(value));
  if (options.production)
    throw new VaultError(
      'TELLER_ERR_VAULT_KEYS',
      `${VAULT_KEYS_SETTING} is required in production: set it to "v1:<base64 of 32 random bytes>"`,
    );
  const warn = options.warn ?? ((m: string) => process.emitWarning(m, { code: 'TELLER_VAULT_EPHEMERAL' }));
  warn(
    `${VAULT_KEYS_SETTING} is not set: using an ephemeral vault key; linked tokens will not survive a restart`,
  );
  return new TokenVault(ephemeralKeyring());
}
