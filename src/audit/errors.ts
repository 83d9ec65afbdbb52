import { TellerError } from '../engine/errors';

export type AuditErrorCode = 'TELLER_ERR_AUDIT_EVENT';

/** An audit-store error; its code and message live in the catalogue (src/engine/errors.ts). */
export class AuditError extends TellerError {
  constructor(code: AuditErrorCode, message?: string) {
    super(code, message);
    this.name = 'AuditError';
  }
}
