import type { Redis, Cluster } from 'ioredis';
import type { TakeableStorage } from './types';

export interface RedisStorageOptions {
  /** An ioredis client you own: Teller never creates or closes it. */
  client: Redis | Cluster;
  /** Prepended to every key, e.g. "teller:session:". */
  prefix?: string;
  /** Seconds a value lives after its last write; 0 keeps it forever. */
  ttlSeconds?: number;
}

/** Session storage on Redis through an injected ioredis client (grammY storages style). */
export class RedisStorage<T> implements TakeableStorage<T> {
  private readonly client: Redis | Cluster;
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(options: RedisStorageOptions) {
    this.client = options.client;
    this.prefix = options.prefix ?? 'teller:';
    this.ttl = options.ttlSeconds ?? 0;
  }

  private key(key: string): string {
    return this.prefix + key;
  }

  async read(key: string): Promise<T | undefined> {
    const raw = await this.client.get(this.key(key));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async write(key: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('Session values must be JSON-serialisable');
    if (this.ttl > 0) await this.client.set(this.key(key), json, 'EX', this.ttl);
    else await this.client.set(this.key(key), json);
  }

  async delete(key: string): Promise<void> {
    await this.client.del(this.key(key));
  }

  /** Atomic read-and-delete (GETDEL, Redis ≥ 6.2): exactly one caller gets the value. */
  async take(key: string): Promise<T | undefined> {
    const raw = await this.client.getdel(this.key(key));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }
}
