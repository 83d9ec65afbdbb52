/**
 * When to retry a Graph API call. Throttling and transient errors are retried with exponential
 * backoff and jitter (honouring Retry-After); policy and permission errors never are.
 * Codes: https://developers.facebook.com/docs/graph-api/overview/rate-limiting and
 * https://developers.facebook.com/docs/messenger-platform/error-codes
 */
export const THROTTLING_CODES: ReadonlySet<number> = new Set([
  4, // application request limit reached
  17, // user request limit reached
  32, // page request limit reached
  613, // calls to this API have exceeded the rate limit
  80001, // page business-use-case rate limit
  80006, // Messenger business-use-case rate limit
]);

/** "Unknown error", "service temporarily unavailable", Messenger's "temporary send failure". */
export const TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 2, 1200]);

export interface RetryPolicy {
  /** Total attempts including the first; at least 1. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
};

export type FailureKind = 'throttled' | 'transient' | 'rejected';

/** Classifies a failed call from its HTTP status and Graph error code (undefined for network errors). */
export function classifyFailure(status: number | undefined, code: number | undefined): FailureKind {
  if (status === undefined) return 'transient'; // network error or timeout
  if (code !== undefined && THROTTLING_CODES.has(code)) return 'throttled';
  if (status === 429) return 'throttled';
  if (code !== undefined && TRANSIENT_CODES.has(code)) return 'transient';
  if (status >= 500 && (code === undefined || !isPolicyCode(code))) return 'transient';
  return 'rejected';
}

/** Codes that mean "this will never work as sent": permissions, policy, unknown recipient, token. */
function isPolicyCode(code: number): boolean {
  return code === 10 || code === 100 || code === 190 || (code >= 200 && code <= 299) || code === 551;
}

/** Exponential backoff with "equal jitter": between half and all of base·2^(attempt−1), capped. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
