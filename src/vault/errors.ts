import { TellerError } from '../engine/errors';

/** Decrypt failures share one code (malformed, tampered, wrong binding, unknown key), so callers learn nothing more. */
export type VaultErrorCode = 'TELLER_ERR_VAULT_DECRYPT' | 'TELLER_ERR_VAULT_KEYS';

/**
 * A vault error; codes and default messages live in the catalogue (src/engine/errors.ts). Never put
 * key material or plaintext in the message, and no `cause` from crypto internals.
 */
export class VaultError extends TellerError {
  constructor(code: VaultErrorCode, message?: string) {
    super(code, message);
    this.name = 'VaultError';
  }
}
