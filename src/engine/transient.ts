import { errorCode } from './errors';

/** ioredis' messages when a command could not reach Redis (down, restarting, failing over). */
const REDIS_UNREACHABLE =
  /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|LOADING|READONLY|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|Reached the max retries per request|enableOfflineQueue/;

/**
 * Failures that say nothing about the turn itself: Redis was unreachable, or the user's lock was
 * lost or not acquired. Running the turn again later is the right answer, not an error message.
 * Follows `cause` chains (storage wrappers keep the original error there).
 */
export function isTransient(err: unknown, depth = 0): boolean {
  if (err === null || typeof err !== 'object' || depth > 5) return false;
  const code = errorCode(err);
  if (code === 'TELLER_ERR_LOCK_LOST' || code === 'TELLER_ERR_LOCK_TIMEOUT') return true;
  const e = err as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/.test(e.code)) return true;
  if (typeof e.message === 'string' && REDIS_UNREACHABLE.test(e.message)) return true;
  return isTransient(e.cause, depth + 1);
}
