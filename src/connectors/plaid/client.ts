import { Configuration, PlaidApi } from 'plaid';
import { ConnectorError, httpError, type ConnectorErrorCode } from '../errors';

export interface PlaidClientOptions {
  /** https://production.plaid.com, https://sandbox.plaid.com, or a local server. */
  basePath: string;
  clientId: string;
  secret: string;
}

/** The official client, configured with our credentials and a pinned API version. */
export function plaidApi(o: PlaidClientOptions): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: o.basePath,
      baseOptions: {
        headers: { 'PLAID-CLIENT-ID': o.clientId, 'PLAID-SECRET': o.secret, 'Plaid-Version': '2020-09-14' },
      },
    }),
  );
}

/** Plaid error codes that mean "this customer's link no longer works": they must link again. */
const AUTH_CODES = new Set([
  'ITEM_LOGIN_REQUIRED',
  'INVALID_ACCESS_TOKEN',
  'ITEM_NOT_FOUND',
  'ACCESS_NOT_GRANTED',
  'USER_PERMISSION_REVOKED',
  'ITEM_LOCKED',
  'PENDING_EXPIRATION',
]);
const QUERY_TYPES = new Set(['INVALID_REQUEST', 'INVALID_INPUT']);

interface AxiosLike {
  code?: string;
  name?: string;
  response?: { status: number; data?: { error_type?: string; error_code?: string } };
}

/** Any failure of a Plaid call as a ConnectorError with a stable code (never Plaid's message text). */
export function plaidError(err: unknown): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const e = (err ?? {}) as AxiosLike;
  if (e.code === 'ERR_CANCELED' || e.name === 'CanceledError' || e.code === 'ECONNABORTED')
    return new ConnectorError('TELLER_ERR_CONNECTOR_TIMEOUT', 'Plaid did not answer in time', { cause: err });
  const res = e.response;
  if (!res)
    return new ConnectorError('TELLER_ERR_CONNECTOR_UNAVAILABLE', 'Plaid could not be reached', {
      cause: err,
    });
  const code = res.data?.error_code;
  const type = res.data?.error_type;
  if (!code) return httpError(res.status, 'Plaid', err);
  let mapped: ConnectorErrorCode = 'TELLER_ERR_CONNECTOR_UNAVAILABLE';
  if (AUTH_CODES.has(code)) mapped = 'TELLER_ERR_CONNECTOR_AUTH';
  else if (code === 'INVALID_API_KEYS' || code === 'PRODUCT_NOT_READY' || type === 'RATE_LIMIT_EXCEEDED')
    mapped = 'TELLER_ERR_CONNECTOR_UNAVAILABLE';
  else if (type && QUERY_TYPES.has(type)) mapped = 'TELLER_ERR_CONNECTOR_QUERY';
  return new ConnectorError(mapped, `Plaid refused the call (${code})`, { cause: err, status: res.status });
}

/** Runs one Plaid call, mapping its failure. */
export async function plaidCall<T>(fn: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await fn()).data;
  } catch (err) {
    throw plaidError(err);
  }
}
