import { TellerError } from '../engine/errors';

export type ConsentErrorCode = 'TELLER_ERR_CONSENT_INVALID';

/** A consent-ledger error; its code and message live in the catalogue (src/engine/errors.ts). */
export class ConsentError extends TellerError {
  constructor(code: ConsentErrorCode, message?: string) {
    super(code, message);
    this.name = 'ConsentError';
  }
}
