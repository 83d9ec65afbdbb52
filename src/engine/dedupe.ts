import type { Redis, Cluster } from 'ioredis';

/**
 * Remembers message ids so a redelivered message (Messenger retries until it gets a 200) gets no
 * second reply. `claim` is atomic: exactly one caller sees `true` for a given id.
 */
export interface Deduper {
  claim(messageId: string): Promise<boolean>;
}

const DAY_SECONDS = 24 * 60 * 60;

export class MemoryDeduper implements Deduper {
  /** id → expiry, in insertion order: with one TTL for all, the oldest entries expire first. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlSeconds = DAY_SECONDS,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(messageId: string): Promise<boolean> {
    const t = this.now();
    const expires = this.seen.get(messageId);
    if (expires !== undefined && expires > t) return false;
    // Re-inserted at the end, so the map stays ordered by expiry.
    this.seen.delete(messageId);
    this.seen.set(messageId, t + this.ttlSeconds * 1000);
    this.sweep(t);
    return true;
  }

  /** Drops expired ids from the front; stops at the first live one (amortised O(1) per claim). */
  private sweep(t: number): void {
    for (const [k, exp] of this.seen) {
      if (exp > t) return;
      this.seen.delete(k);
    }
  }
}

export class RedisDeduper implements Deduper {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly prefix = 'teller:seen:',
    private readonly ttlSeconds = DAY_SECONDS,
  ) {}

  async claim(messageId: string): Promise<boolean> {
    const ok = await this.client.set(this.prefix + messageId, '1', 'EX', this.ttlSeconds, 'NX');
    return ok === 'OK';
  }
}
