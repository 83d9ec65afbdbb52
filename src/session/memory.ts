import type { TakeableStorage } from './types';

export interface MemoryStorageOptions {
  /** Seconds a value lives after its last write; 0 or undefined keeps it forever. */
  ttlSeconds?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * In-process storage for development and single-process bots. Values round-trip through JSON
 * exactly as they would through Redis, so serialisation bugs show up here too.
 */
export class MemoryStorage<T> implements TakeableStorage<T> {
  private readonly data = new Map<string, { json: string; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: MemoryStorageOptions = {}) {
    this.ttlMs = (options.ttlSeconds ?? 0) * 1000;
    this.now = options.now ?? Date.now;
  }

  async read(key: string): Promise<T | undefined> {
    const entry = this.data.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== 0 && entry.expiresAt <= this.now()) {
      this.data.delete(key);
      return undefined;
    }
    return JSON.parse(entry.json) as T;
  }

  async write(key: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('Session values must be JSON-serialisable');
    this.data.set(key, { json, expiresAt: this.ttlMs > 0 ? this.now() + this.ttlMs : 0 });
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }

  async take(key: string): Promise<T | undefined> {
    // Synchronous read-and-delete: no await between them, so concurrent takers cannot both win.
    const entry = this.data.get(key);
    this.data.delete(key);
    if (!entry || (entry.expiresAt !== 0 && entry.expiresAt <= this.now())) return undefined;
    return JSON.parse(entry.json) as T;
  }

  /** Number of live entries (expired ones are dropped). */
  size(): number {
    const now = this.now();
    for (const [k, v] of this.data) if (v.expiresAt !== 0 && v.expiresAt <= now) this.data.delete(k);
    return this.data.size;
  }
}
