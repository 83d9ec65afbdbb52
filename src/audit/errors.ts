/** Error codes of the audit store, to be merged into src/engine/errors.ts when wired in. */
export const AUDIT_ERROR_CODES = {
  TELLER_ERR_AUDIT_EVENT: 'An audit event carried an unexpected field or an invalid value',
} as const;

export type AuditErrorCode = keyof typeof AUDIT_ERROR_CODES;

export class AuditError extends Error {
  readonly code: AuditErrorCode;

  constructor(code: AuditErrorCode, message?: string) {
    super(message ?? AUDIT_ERROR_CODES[code]);
    this.name = 'AuditError';
    this.code = code;
  }
}
