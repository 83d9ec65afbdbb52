import type { Cluster, Redis } from 'ioredis';
import type { AuditEvent, AuditLog } from '../engine/audit';
import { MemoryAuditLog } from '../engine/audit';
import { auditEventSchema, validateAuditEvent } from './schema';

export const DEFAULT_AUDIT_PREFIX = 'teller:audit:';
export const DEFAULT_AUDIT_MAX_EVENTS = 1000;
/** About 13 months after the user's last bank call. */
export const DEFAULT_AUDIT_TTL_SECONDS = 400 * 24 * 60 * 60;

export interface RedisAuditLogOptions {
  /** An ioredis client you own: never created or closed here. */
  client: Redis | Cluster;
  prefix?: string;
  /** Newest events kept per user; older ones are trimmed (default 1000). */
  maxEvents?: number;
  /** Seconds the user's trail lives after its last event; 0 keeps it (default ~13 months). */
  ttlSeconds?: number;
}

export interface ReadAuditOptions {
  /** The newest `limit` events (default 100). */
  limit?: number;
}

/** Anything that can read a user's trail, oldest first. */
export interface AuditReader {
  readAudit(user: string, options?: ReadAuditOptions): Promise<AuditEvent[]>;
}

function limitOf(options: ReadAuditOptions | undefined): number {
  const limit = options?.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  return limit;
}

/**
 * Audit events per user in a Redis list (one key per user, RPUSH + LTRIM + EXPIRE in one MULTI):
 * capped at `maxEvents`, expiring `ttlSeconds` after the last event. Every event passes the
 * allow-list first, so no financial value can be stored.
 */
export class RedisAuditLog implements AuditLog, AuditReader {
  private readonly client: Redis | Cluster;
  private readonly prefix: string;
  private readonly maxEvents: number;
  private readonly ttl: number;

  constructor(options: RedisAuditLogOptions) {
    this.client = options.client;
    this.prefix = options.prefix ?? DEFAULT_AUDIT_PREFIX;
    this.maxEvents = options.maxEvents ?? DEFAULT_AUDIT_MAX_EVENTS;
    this.ttl = options.ttlSeconds ?? DEFAULT_AUDIT_TTL_SECONDS;
    if (!Number.isSafeInteger(this.maxEvents) || this.maxEvents < 1)
      throw new RangeError('maxEvents must be a positive integer');
    if (!Number.isSafeInteger(this.ttl) || this.ttl < 0) throw new RangeError('ttlSeconds must be ≥ 0');
  }

  key(user: string): string {
    return this.prefix + user;
  }

  async record(event: AuditEvent): Promise<void> {
    const valid = validateAuditEvent(event);
    const key = this.key(valid.user);
    const tx = this.client.multi().rpush(key, JSON.stringify(valid)).ltrim(key, -this.maxEvents, -1);
    if (this.ttl > 0) tx.expire(key, this.ttl);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('audit transaction aborted');
  }

  async readAudit(user: string, options?: ReadAuditOptions): Promise<AuditEvent[]> {
    const raw = await this.client.lrange(this.key(user), -limitOf(options), -1);
    const events: AuditEvent[] = [];
    for (const line of raw) {
      // Skip anything that is not a valid event rather than print it.
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const parsed = auditEventSchema.safeParse(json);
      if (parsed.success) events.push(parsed.data);
    }
    return events;
  }

  /** Forgets the user's trail (e.g. when retention rules require it). */
  async erase(user: string): Promise<void> {
    await this.client.del(this.key(user));
  }

  /** How many events the user's trail holds. */
  count(user: string): Promise<number> {
    return this.client.llen(this.key(user));
  }

  /**
   * Moves the user's trail to `alias` (a keyed hash, see src/audit/erasure.ts), rewriting each
   * event's `user` to it, and keeps the trail's remaining lifetime. Events are popped oldest first in
   * batches, so one recorded meanwhile is moved too, never lost. Returns how many moved.
   */
  async pseudonymise(user: string, alias: string): Promise<number> {
    const from = this.key(user);
    const to = this.key(alias);
    const ttlMs = await this.client.pttl(from);
    let moved = 0;
    for (;;) {
      const batch = await this.client.lpop(from, 100);
      if (!batch || batch.length === 0) break;
      const rewritten = batch.flatMap((line) => {
        try {
          const parsed = auditEventSchema.safeParse(JSON.parse(line));
          return parsed.success ? [JSON.stringify({ ...parsed.data, user: alias })] : [];
        } catch {
          return [];
        }
      });
      moved += rewritten.length;
      if (rewritten.length === 0) continue;
      const tx = this.client
        .multi()
        .rpush(to, ...rewritten)
        .ltrim(to, -this.maxEvents, -1);
      if (ttlMs > 0) tx.pexpire(to, ttlMs);
      await tx.exec();
    }
    return moved;
  }
}

/** A user's trail, oldest first, from a `RedisAuditLog`, a `MemoryAuditLog` or any `AuditReader`. */
export async function readAudit(
  source: AuditReader | MemoryAuditLog,
  user: string,
  options?: ReadAuditOptions,
): Promise<AuditEvent[]> {
  const limit = limitOf(options);
  if (source instanceof MemoryAuditLog) return source.events.filter((e) => e.user === user).slice(-limit);
  return source.readAudit(user, { limit });
}
