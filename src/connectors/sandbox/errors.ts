export type ConnectorErrorCode = 'TELLER_ERR_CONNECTOR_AUTH' | 'TELLER_ERR_CONNECTOR_QUERY';

/** A connector failure with a stable, machine-readable code. */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';

  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function authError(message: string): ConnectorError {
  return new ConnectorError('TELLER_ERR_CONNECTOR_AUTH', message);
}

export function queryError(message: string): ConnectorError {
  return new ConnectorError('TELLER_ERR_CONNECTOR_QUERY', message);
}
