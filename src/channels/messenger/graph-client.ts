import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { MessengerError } from './errors';
import { classifyFailure, parseRetryAfter, type FailureKind } from './retry';
import { appSecretProof } from './signature';

export interface GraphClientOptions {
  /** Base URL including the version, e.g. https://graph.facebook.com/v23.0 */
  graphUrl: string;
  pageAccessToken: string;
  appSecret: string;
  /** Per-request timeout (connect, send and the whole answer); default 10 s. */
  timeoutMs?: number;
  /**
   * Most connections open to Graph at once (keep-alive, reused across calls); default 64. Calls
   * beyond it wait for a free connection.
   */
  maxSockets?: number;
  /** Sends calls through this fetch instead of the built-in keep-alive HTTP client. */
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

/** One answer from Graph, before it is judged. */
interface RawAnswer {
  status: number;
  body: string;
  retryAfter: string | null;
}

const DEFAULT_MAX_SOCKETS = 64;

/**
 * A minimal Graph API client: adds the page token and its appsecret_proof to every call, enforces
 * a timeout, and turns failures into GraphApiError. It never puts the URL (which holds the token)
 * in an error. Calls go over node:http(s) with a keep-alive agent, so a busy page reuses a few
 * warm connections instead of opening one per message.
 */
export class GraphClient {
  private readonly base: URL;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly proof: string;
  /** `access_token=…&appsecret_proof=…`, appended to every call. */
  private readonly auth: string;
  private readonly agent: HttpAgent | undefined;
  private readonly request: typeof httpRequest;
  private readonly targets = new Map<string, string>();

  constructor(private readonly o: GraphClientOptions) {
    this.base = new URL(o.graphUrl.replace(/\/+$/, ''));
    this.basePath = this.base.pathname.replace(/\/+$/, '');
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.proof = appSecretProof(o.pageAccessToken, o.appSecret);
    const auth = new URLSearchParams();
    auth.set('access_token', o.pageAccessToken);
    auth.set('appsecret_proof', this.proof);
    this.auth = auth.toString();
    const https = this.base.protocol === 'https:';
    this.request = https ? (httpsRequest as typeof httpRequest) : httpRequest;
    if (!o.fetch) {
      const agentOptions = {
        keepAlive: true,
        maxSockets: o.maxSockets ?? DEFAULT_MAX_SOCKETS,
        maxFreeSockets: o.maxSockets ?? DEFAULT_MAX_SOCKETS,
        scheduling: 'lifo' as const,
      };
      this.agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    }
  }

  async call<T = unknown>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { body?: unknown; query?: Record<string, string> } = {},
  ): Promise<T> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let answer: RawAnswer;
    try {
      answer = this.o.fetch
        ? await this.viaFetch(this.o.fetch, method, path, options.query, body)
        : await this.viaHttp(method, path, options.query, body);
    } catch (err) {
      throw new GraphApiError({ kind: 'transient' }, { cause: err });
    }
    const json = parseJson(answer.body);
    const { status } = answer;
    if (status >= 200 && status < 300) return json as T;
    const error = (json as { error?: Record<string, unknown> } | undefined)?.error ?? {};
    const code = typeof error.code === 'number' ? error.code : undefined;
    const failure: GraphFailure = { kind: classifyFailure(status, code), status };
    if (code !== undefined) failure.code = code;
    if (typeof error.error_subcode === 'number') failure.subcode = error.error_subcode;
    if (typeof error.type === 'string') failure.type = error.type;
    if (typeof error.fbtrace_id === 'string') failure.fbtraceId = error.fbtrace_id;
    const retryAfter = parseRetryAfter(answer.retryAfter);
    if (retryAfter !== undefined) failure.retryAfterMs = retryAfter;
    throw new GraphApiError(failure);
  }

  /** Closes the idle keep-alive connections; calls after this open new ones. */
  close(): void {
    this.agent?.destroy();
  }

  /** The path and query of a call: the caller's query first, then the token and its proof. */
  private target(path: string, query: Record<string, string> | undefined): string {
    if (query !== undefined) return this.buildTarget(path, query);
    // Calls without a query (every Send API call) always get the same target: built once.
    let t = this.targets.get(path);
    if (t === undefined) {
      t = this.buildTarget(path, undefined);
      if (this.targets.size < 64) this.targets.set(path, t);
    }
    return t;
  }

  private buildTarget(path: string, query: Record<string, string> | undefined): string {
    const [p, q] = splitQuery(this.basePath + path);
    const params = new URLSearchParams(q);
    for (const [k, v] of Object.entries(query ?? {})) params.set(k, v);
    params.delete('access_token');
    params.delete('appsecret_proof');
    const extra = params.toString();
    return `${p}?${extra ? `${extra}&` : ''}${this.auth}`;
  }

  private viaHttp(
    method: string,
    path: string,
    query: Record<string, string> | undefined,
    body: string | undefined,
  ): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = this.request({
        agent: this.agent,
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        port: this.base.port || undefined,
        method,
        path: this.target(path, query),
        headers,
      });
      // One deadline for the whole exchange (connecting, sending, reading the answer).
      const timer = setTimeout(() => req.destroy(new Error('Graph API call timed out')), this.timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      req.on('error', fail);
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('Graph API answer aborted')));
        res.on('end', () => {
          clearTimeout(timer);
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          });
        });
      });
      req.end(body);
    });
  }

  private async viaFetch(
    doFetch: typeof fetch,
    method: string,
    path: string,
    query: Record<string, string> | undefined,
    body: string | undefined,
  ): Promise<RawAnswer> {
    const res = await doFetch(new URL(this.target(path, query), this.base.origin), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
  }
}

function splitQuery(pathAndQuery: string): [string, string] {
  const i = pathAndQuery.indexOf('?');
  return i < 0 ? [pathAndQuery, ''] : [pathAndQuery.slice(0, i), pathAndQuery.slice(i + 1)];
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}
