/** Error codes of the consent ledger, to be merged into src/engine/errors.ts when wired in. */
export const CONSENT_ERROR_CODES = {
  TELLER_ERR_CONSENT_INVALID: 'A consent entry or request was invalid (connector, scopes, time)',
} as const;

export type ConsentErrorCode = keyof typeof CONSENT_ERROR_CODES;

export class ConsentError extends Error {
  readonly code: ConsentErrorCode;

  constructor(code: ConsentErrorCode, message?: string) {
    super(message ?? CONSENT_ERROR_CODES[code]);
    this.name = 'ConsentError';
    this.code = code;
  }
}
