import { randomBytes } from 'node:crypto';
import { VaultError } from './errors';

export const VAULT_KEYS_SETTING = 'TELLER_VAULT_KEYS';
export const VAULT_KEY_BYTES = 32;
const VERSION = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Versioned AES-256 keys; the first is current (used to seal), all of them open. */
export interface VaultKeyring {
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

function fail(message: string): never {
  throw new VaultError('TELLER_ERR_VAULT_KEYS', `${VAULT_KEYS_SETTING}: ${message}`);
}

/**
 * Parses `TELLER_VAULT_KEYS`, e.g. `v2:<base64 32 bytes>,v1:<base64 32 bytes>`. The first key is
 * current. Errors name the setting and the key version, never the key material.
 */
export function parseVaultKeys(value: string | undefined): VaultKeyring {
  if (value === undefined || value.trim() === '') fail('no key given (expected "version:base64key,...")');
  const keys = new Map<string, Buffer>();
  let current: string | undefined;
  const entries = value.split(',').map((s) => s.trim());
  for (const [i, entry] of entries.entries()) {
    const sep = entry.indexOf(':');
    if (sep <= 0) fail(`entry ${i + 1} is not "version:base64key"`);
    const version = entry.slice(0, sep);
    const material = entry.slice(sep + 1);
    if (!VERSION.test(version))
      fail(`entry ${i + 1} has an invalid version (use letters, digits, "-" or "_", up to 32)`);
    if (keys.has(version)) fail(`key version "${version}" appears twice`);
    if (!BASE64.test(material)) fail(`key "${version}" is not base64`);
    const key = Buffer.from(
      material,
      material.includes('-') || material.includes('_') ? 'base64url' : 'base64',
    );
    if (key.length !== VAULT_KEY_BYTES)
      fail(`key "${version}" must be ${VAULT_KEY_BYTES} bytes of base64 (got ${key.length} bytes)`);
    keys.set(version, key);
    current ??= version;
  }
  if (current === undefined) fail('no key given');
  return { current, keys };
}

/** A fresh random keyring with one key, for development only. */
export function ephemeralKeyring(version = 'ephemeral'): VaultKeyring {
  return { current: version, keys: new Map([[version, randomBytes(VAULT_KEY_BYTES)]]) };
}

/** A new random key formatted for `TELLER_VAULT_KEYS`, e.g. for an operator rotating keys. */
export function generateVaultKey(version: string): string {
  if (!VERSION.test(version)) fail('invalid version');
  return `${version}:${randomBytes(VAULT_KEY_BYTES).toString('base64')}`;
}
