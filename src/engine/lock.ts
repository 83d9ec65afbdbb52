import type { Redis } from 'ioredis';
import { Mutex } from 'redis-semaphore';
import { TellerError } from './errors';

/**
 * Serialises work per user: two messages from one customer never run at once (a double-tapped
 * button must not produce two interleaved answers or a lost session write).
 */
export interface UserLock {
  run<T>(userKey: string, fn: () => Promise<T>): Promise<T>;
}

/** In-process FIFO per key: turns for one user run one after another, in arrival order. */
export class MemoryLock implements UserLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(userKey) ?? Promise.resolve();
    const result = prev.then(fn, fn);
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
  /** Lock TTL in ms; refreshed while the turn runs, so a crashed process frees it within this time. */
  lockTimeoutMs?: number;
  /** How long a turn waits for the user's lock before giving up. */
  acquireTimeoutMs?: number;
}

/**
 * Cross-process serialisation on Redis, via redis-semaphore's Mutex (SET NX PX with a random
 * identifier, Lua compare-and-delete on release, automatic refresh). Turns from one user that
 * reach the same process also queue locally first, which keeps their arrival order.
 */
export class RedisLock implements UserLock {
  private readonly local = new MemoryLock();
  private readonly prefix: string;
  private readonly lockTimeout: number;
  private readonly acquireTimeout: number;

  constructor(
    private readonly client: Redis,
    options: RedisLockOptions = {},
  ) {
    this.prefix = options.prefix ?? 'teller:lock:';
    this.lockTimeout = options.lockTimeoutMs ?? 30_000;
    this.acquireTimeout = options.acquireTimeoutMs ?? 60_000;
  }

  run<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
    return this.local.run(userKey, async () => {
      const mutex = new Mutex(this.client, this.prefix + userKey, {
        lockTimeout: this.lockTimeout,
        acquireTimeout: this.acquireTimeout,
        retryInterval: 10,
        refreshInterval: Math.floor(this.lockTimeout * 0.4),
        onLockLost: () => undefined,
      });
      try {
        await mutex.acquire();
      } catch (err) {
        throw new TellerError('TELLER_ERR_LOCK_TIMEOUT', undefined, { cause: err });
      }
      try {
        return await fn();
      } finally {
        await mutex.release().catch(() => undefined);
      }
    });
  }
}
