import { TellerError, type ErrorCode } from '../engine/errors';

export type HandoffErrorCode = Extract<
  ErrorCode,
  `TELLER_ERR_HANDOFF_${string}` | `TELLER_ERR_AGENT_${string}`
>;

/** Handoff and agent-console errors; each carries a stable code from the catalogue. */
export class HandoffError extends TellerError {
  constructor(code: HandoffErrorCode, message?: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'HandoffError';
  }
}
