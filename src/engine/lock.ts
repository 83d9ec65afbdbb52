import type { RedisClient } from '../redis/connect';
import { Mutex } from 'redis-semaphore';
import { userTag } from '../redis/connect';
import { TellerError } from './errors';

/**
 * Proof that the caller still holds a user's lock, checked right before anything that must not
 * happen twice or out of order (a Send API call, a session write). A process paused past the lock's
 * TTL (GC, a stalled VM) finds its fence broken and stops instead of writing over the turn another
 * process has taken over.
 */
export interface Fence {
  /** The Redis key holding the lock and this holder's token (both absent for in-process locks). */
  readonly key?: string;
  readonly token?: string;
  /** True while this holder still owns the lock (a round trip to Redis for a Redis lock). */
  held(): Promise<boolean>;
  /** Throws TELLER_ERR_LOCK_LOST when the lock is no longer this holder's. */
  assert(): Promise<void>;
}

/**
 * Serialises work per user: two messages from one customer never run at once (a double-tapped
 * button must not produce two interleaved answers or a lost session write).
 */
export interface UserLock {
  run<T>(userKey: string, fn: (fence: Fence) => Promise<T>): Promise<T>;
}

/** A fence that always holds: one process, nobody to take the lock over. */
export const LOCAL_FENCE: Fence = {
  held: async () => true,
  assert: async () => undefined,
};

/** In-process FIFO per key: turns for one user run one after another, in arrival order. */
export class MemoryLock implements UserLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(userKey: string, fn: (fence: Fence) => Promise<T>): Promise<T> {
    const prev = this.tails.get(userKey) ?? Promise.resolve();
    const task = () => fn(LOCAL_FENCE);
    const result = prev.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(userKey, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(userKey) === tail) this.tails.delete(userKey);
    }
  }
}

export interface RedisLockOptions {
  prefix?: string;
  /**
   * Lock TTL in ms; refreshed while the turn runs, so a crashed process frees it within this time.
   * Default: TELLER_LOCK_TTL_MS, else 30 s.
   */
  lockTimeoutMs?: number;
  /** How long a turn waits for the user's lock before giving up. */
  acquireTimeoutMs?: number;
}

/** Extends the lock's TTL if it is still this holder's (what redis-semaphore's refresh does). */
const REFRESH = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** redis-semaphore keeps a mutex named `k` under the key `mutex:k`. */
const MUTEX_PREFIX = 'mutex:';

/**
 * Cross-process serialisation on Redis, via redis-semaphore's Mutex (SET NX PX with a random
 * token, Lua compare-and-delete on release, automatic refresh). Turns from one user that reach the
 * same process also queue locally first, which keeps their arrival order. The lock key carries the
 * user's hash tag, so scripts can check it together with the user's other keys on Redis Cluster.
 *
 * Fencing: `fn` receives a Fence whose token is the mutex's; the engine checks it (in the same Lua
 * script as the send claim, and before the session write) so a holder that lost the lock stops.
 */
export class RedisLock implements UserLock {
  private readonly local = new MemoryLock();
  private readonly prefix: string;
  private readonly lockTimeout: number;
  private readonly acquireTimeout: number;

  constructor(
    private readonly client: RedisClient,
    options: RedisLockOptions = {},
  ) {
    this.prefix = options.prefix ?? 'teller:lock:';
    this.lockTimeout = options.lockTimeoutMs ?? (Number(process.env.TELLER_LOCK_TTL_MS) || 30_000);
    this.acquireTimeout = options.acquireTimeoutMs ?? Math.max(60_000, 2 * this.lockTimeout);
  }

  /** The Redis key of a user's lock. */
  keyOf(userKey: string): string {
    return MUTEX_PREFIX + this.prefix + userTag(userKey);
  }

  run<T>(userKey: string, fn: (fence: Fence) => Promise<T>): Promise<T> {
    return this.local.run(userKey, async () => {
      let lost = false;
      // Refreshed here rather than by redis-semaphore: its timer's failed refresh (RedisClient down) would
      // be an unhandled rejection. A failed refresh is retried; a refused one means the lock is lost.
      const mutex = new Mutex(this.client, this.prefix + userTag(userKey), {
        lockTimeout: this.lockTimeout,
        acquireTimeout: this.acquireTimeout,
        retryInterval: 10,
        refreshInterval: 0,
      });
      try {
        await mutex.acquire();
      } catch (err) {
        throw new TellerError('TELLER_ERR_LOCK_TIMEOUT', undefined, { cause: err });
      }
      const key = this.keyOf(userKey);
      const token = mutex.identifier;
      const refresh = setInterval(
        () =>
          void this.client.eval(REFRESH, 1, key, token, this.lockTimeout).then(
            (ok) => {
              if (Number(ok) !== 1) lost = true;
            },
            () => undefined,
          ),
        Math.floor(this.lockTimeout * 0.4),
      );
      refresh.unref();
      const held = async () => !lost && (await this.client.get(key)) === token;
      const fence: Fence = {
        key,
        token,
        held,
        assert: async () => {
          if (!(await held())) throw lockLost();
        },
      };
      try {
        return await fn(fence);
      } finally {
        clearInterval(refresh);
        await mutex.release().catch(() => undefined);
      }
    });
  }
}

export function lockLost(): TellerError {
  return new TellerError(
    'TELLER_ERR_LOCK_LOST',
    "The user's lock expired or was taken over; this turn stops without writing",
  );
}
