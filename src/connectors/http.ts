import { ConnectorError, httpError } from './errors';
import type { CallOptions } from './types';

export interface JsonRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * One JSON call over fetch with the stable error mapping: a refused connection is UNAVAILABLE, an
 * aborted one TIMEOUT, a 4xx/5xx per `httpError`, unreadable JSON BAD_RESPONSE. `what` names the
 * bank in messages; neither URLs (they may carry ids) nor bodies end up in them.
 */
export async function requestJson<T>(
  what: string,
  req: JsonRequest,
  options?: CallOptions,
): Promise<T | undefined> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: {
        accept: 'application/json',
        ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...req.headers,
      },
      body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      signal: options?.signal,
    });
  } catch (err) {
    throw transportError(what, err);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw httpError(res.status, what);
  }
  if (res.status === 204) return undefined;
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw transportError(what, err);
  }
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', `${what} sent invalid JSON`, {
      cause: err,
    });
  }
}

function transportError(what: string, err: unknown): ConnectorError {
  const name = (err as Error | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError')
    return new ConnectorError('TELLER_ERR_CONNECTOR_TIMEOUT', `${what} did not answer in time`, {
      cause: err,
    });
  return new ConnectorError('TELLER_ERR_CONNECTOR_UNAVAILABLE', `${what} could not be reached`, {
    cause: err,
  });
}
