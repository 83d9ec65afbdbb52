import { TellerError } from '../engine/errors';

/**
 * Stable codes every connector maps its failures onto (messages in src/engine/errors.ts). The
 * conformance kit checks the mapping: an expired token is AUTH, a 5xx or a dropped connection is
 * UNAVAILABLE, a slow bank is TIMEOUT, a paused bank is CIRCUIT_OPEN.
 */
export type ConnectorErrorCode =
  | 'TELLER_ERR_CONNECTOR_AUTH'
  | 'TELLER_ERR_CONNECTOR_QUERY'
  | 'TELLER_ERR_CONNECTOR_UNAVAILABLE'
  | 'TELLER_ERR_CONNECTOR_TIMEOUT'
  | 'TELLER_ERR_CONNECTOR_CIRCUIT_OPEN'
  | 'TELLER_ERR_CONNECTOR_BAD_RESPONSE'
  | 'TELLER_ERR_CONNECTOR_WEBHOOK';

/** A connector failure with a stable, machine-readable code. Messages never carry tokens or figures. */
export class ConnectorError extends TellerError {
  declare readonly code: ConnectorErrorCode;
  /** HTTP status the bank answered with, when there was one. */
  readonly status?: number;

  constructor(code: ConnectorErrorCode, message?: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, options);
    this.name = 'ConnectorError';
    if (options?.status !== undefined) this.status = options.status;
  }
}

export function authError(message: string): ConnectorError {
  return new ConnectorError('TELLER_ERR_CONNECTOR_AUTH', message);
}

export function queryError(message: string): ConnectorError {
  return new ConnectorError('TELLER_ERR_CONNECTOR_QUERY', message);
}

/** Failures worth another try: the bank was down, slow or unreachable — never a refused grant or bad query. */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'TELLER_ERR_CONNECTOR_UNAVAILABLE' || code === 'TELLER_ERR_CONNECTOR_TIMEOUT';
}

/** The usual HTTP status → code mapping: 401/403 AUTH, 400/404/422 QUERY, anything else UNAVAILABLE. */
export function httpError(status: number, what: string, cause?: unknown): ConnectorError {
  const code: ConnectorErrorCode =
    status === 401 || status === 403
      ? 'TELLER_ERR_CONNECTOR_AUTH'
      : status === 400 || status === 404 || status === 422
        ? 'TELLER_ERR_CONNECTOR_QUERY'
        : 'TELLER_ERR_CONNECTOR_UNAVAILABLE';
  return new ConnectorError(code, `${what} answered HTTP ${status}`, { cause, status });
}
