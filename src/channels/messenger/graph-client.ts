import { MessengerError } from './errors';
import { classifyFailure, parseRetryAfter, type FailureKind } from './retry';
import { appSecretProof } from './signature';

export interface GraphClientOptions {
  /** Base URL including the version, e.g. https://graph.facebook.com/v23.0 */
  graphUrl: string;
  pageAccessToken: string;
  appSecret: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** What Graph said when a call failed: status and codes only, never the request. */
export interface GraphFailure {
  kind: FailureKind;
  /** HTTP status, absent for network errors and timeouts. */
  status?: number;
  code?: number;
  subcode?: number;
  type?: string;
  fbtraceId?: string;
  retryAfterMs?: number;
}

export class GraphApiError extends MessengerError {
  constructor(
    readonly failure: GraphFailure,
    options?: { cause?: unknown },
  ) {
    super(
      failure.kind === 'rejected'
        ? 'TELLER_ERR_MESSENGER_GRAPH_REJECTED'
        : 'TELLER_ERR_MESSENGER_GRAPH_UNAVAILABLE',
      describe(failure),
      options,
    );
    this.name = 'GraphApiError';
  }

  get retryable(): boolean {
    return this.failure.kind !== 'rejected';
  }
}

function describe(f: GraphFailure): string {
  if (f.status === undefined) return 'Graph API unreachable (network error or timeout)';
  const code = f.code === undefined ? '' : ` code ${f.code}${f.subcode ? `/${f.subcode}` : ''}`;
  return `Graph API answered HTTP ${f.status}${code}`;
}

/**
 * A minimal Graph API client: adds the page token and its appsecret_proof to every call, enforces
 * a timeout, and turns failures into GraphApiError. It never puts the URL (which holds the token)
 * in an error.
 */
export class GraphClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;
  private readonly proof: string;

  constructor(private readonly o: GraphClientOptions) {
    this.base = o.graphUrl.replace(/\/+$/, '');
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.doFetch = o.fetch ?? fetch;
    this.proof = appSecretProof(o.pageAccessToken, o.appSecret);
  }

  async call<T = unknown>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { body?: unknown; query?: Record<string, string> } = {},
  ): Promise<T> {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    url.searchParams.set('access_token', this.o.pageAccessToken);
    url.searchParams.set('appsecret_proof', this.proof);
    let res: Response;
    let raw: string;
    try {
      res = await this.doFetch(url, {
        method,
        headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      raw = await res.text();
    } catch (err) {
      throw new GraphApiError({ kind: 'transient' }, { cause: err });
    }
    const json = parseJson(raw);
    if (res.ok) return json as T;
    const error = (json as { error?: Record<string, unknown> } | undefined)?.error ?? {};
    const code = typeof error.code === 'number' ? error.code : undefined;
    const failure: GraphFailure = { kind: classifyFailure(res.status, code), status: res.status };
    if (code !== undefined) failure.code = code;
    if (typeof error.error_subcode === 'number') failure.subcode = error.error_subcode;
    if (typeof error.type === 'string') failure.type = error.type;
    if (typeof error.fbtrace_id === 'string') failure.fbtraceId = error.fbtrace_id;
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
    if (retryAfter !== undefined) failure.retryAfterMs = retryAfter;
    throw new GraphApiError(failure);
  }
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}
