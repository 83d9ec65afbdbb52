import type { RedisClient } from '../../redis/connect';

/**
 * Where `/transactions/sync` cursors live, per Plaid item. A cursor is Plaid's opaque position in
 * the item's change stream — it holds no transaction, amount or account number.
 */
export interface CursorStore {
  get(itemId: string): Promise<string | undefined>;
  set(itemId: string, cursor: string): Promise<void>;
  delete(itemId: string): Promise<void>;
}

export class MemoryCursorStore implements CursorStore {
  private readonly map = new Map<string, string>();
  async get(itemId: string) {
    return this.map.get(itemId);
  }
  async set(itemId: string, cursor: string) {
    this.map.set(itemId, cursor);
  }
  async delete(itemId: string) {
    this.map.delete(itemId);
  }
}

/** Cursors in Redis under `<prefix>plaid:cursor:<item id>`. */
export class RedisCursorStore implements CursorStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'teller:',
  ) {}

  private key(itemId: string): string {
    return `${this.prefix}plaid:cursor:${itemId}`;
  }

  async get(itemId: string) {
    return (await this.redis.get(this.key(itemId))) ?? undefined;
  }
  async set(itemId: string, cursor: string) {
    await this.redis.set(this.key(itemId), cursor);
  }
  async delete(itemId: string) {
    await this.redis.del(this.key(itemId));
  }
}
