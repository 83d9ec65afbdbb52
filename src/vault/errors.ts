/**
 * Error codes of the token vault. They follow the `TELLER_ERR_*` catalogue in
 * src/engine/errors.ts and are meant to be merged into it when the vault is wired in.
 */
export const VAULT_ERROR_CODES = {
  /** An envelope was malformed, tampered with, bound to another user/connector or sealed with an unknown key. */
  TELLER_ERR_VAULT_DECRYPT:
    'A vault envelope could not be opened (malformed, tampered, wrong binding or key)',
  /** TELLER_VAULT_KEYS is missing (in production) or invalid. */
  TELLER_ERR_VAULT_KEYS: 'TELLER_VAULT_KEYS is missing or invalid',
} as const;

export type VaultErrorCode = keyof typeof VAULT_ERROR_CODES;

export class VaultError extends Error {
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message?: string) {
    // Never pass key material or plaintext into the message, and no `cause` from crypto internals.
    super(message ?? VAULT_ERROR_CODES[code]);
    this.name = 'VaultError';
    this.code = code;
  }
}
