import { createHash } from 'node:crypto';
import type { Redis, Cluster } from 'ioredis';
import { userTag } from '../redis/connect';
import { lockLost, type Fence } from './lock';

/**
 * Remembers message ids so a redelivered message (Messenger retries until it gets a 200, a worker
 * crash leaves an inbox entry to be claimed again) gets no second reply.
 *
 * The engine marks a turn `done` only once it completed, and checks `seen` under the user's lock:
 * a turn that died half-way is run again on redelivery, never skipped for good. `claim` (check and
 * mark at once) is for events answered by one idempotent call, such as the unsupported-message reply.
 */
export interface Deduper {
  /** Atomic check-and-mark: exactly one caller sees `true` for a given id. */
  claim(messageId: string): Promise<boolean>;
  /** True when `done(messageId)` was recorded (within the TTL). */
  seen(messageId: string): Promise<boolean>;
  done(messageId: string): Promise<void>;
}

const DAY_SECONDS = 24 * 60 * 60;

export class MemoryDeduper implements Deduper {
  /** id → expiry, in insertion order: with one TTL for all, the oldest entries expire first. */
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly ttlSeconds = DAY_SECONDS,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(messageId: string): Promise<boolean> {
    // No await between the check and the mark: concurrent claims see each other.
    if (this.has(messageId)) return false;
    this.mark(messageId);
    return true;
  }

  async seen(messageId: string): Promise<boolean> {
    return this.has(messageId);
  }

  async done(messageId: string): Promise<void> {
    this.mark(messageId);
  }

  private has(messageId: string): boolean {
    const expires = this.ids.get(messageId);
    return expires !== undefined && expires > this.now();
  }

  private mark(messageId: string): void {
    const t = this.now();
    // Re-inserted at the end, so the map stays ordered by expiry.
    this.ids.delete(messageId);
    this.ids.set(messageId, t + this.ttlSeconds * 1000);
    this.sweep(t);
  }

  /** Drops expired ids from the front; stops at the first live one (amortised O(1) per claim). */
  private sweep(t: number): void {
    for (const [k, exp] of this.ids) {
      if (exp > t) return;
      this.ids.delete(k);
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
    const ok = await this.client.set(this.key(messageId), '1', 'EX', this.ttlSeconds, 'NX');
    return ok === 'OK';
  }

  async seen(messageId: string): Promise<boolean> {
    return (await this.client.exists(this.key(messageId))) === 1;
  }

  async done(messageId: string): Promise<void> {
    await this.client.set(this.key(messageId), '1', 'EX', this.ttlSeconds);
  }

  private key(messageId: string): string {
    return this.prefix + compactId(messageId);
  }
}

/**
 * Messenger's message ids run to ~90 characters and a day of them is kept: ids longer than 32
 * characters are stored as 22 characters of their SHA-256 (128 bits, base64url). Collisions are as
 * likely as guessing a random 128-bit key; the saving is ~60 B per remembered message.
 */
export function compactId(messageId: string): string {
  if (messageId.length <= 32) return messageId;
  return createHash('sha256').update(messageId).digest('base64url').slice(0, 22);
}

/**
 * One turn's record of the Send API calls it made, so a turn run again after a crash skips the
 * messages that already went out. Part `i` of reply `n` is claimed before the call and marked sent
 * after the channel accepted it.
 */
export interface SentLog {
  /** True: send it now. False: it went out on an earlier run, skip it. Throws when the fence broke. */
  claim(reply: number, part: number): Promise<boolean>;
  sent(reply: number, part: number): Promise<void>;
  /** The turn is done and will never run again: drop its claims (they would otherwise sit for a day). */
  forget(): Promise<void>;
}

/** Where turns keep their SentLog. */
export interface ReplyLedger {
  forTurn(user: string, messageId: string, fence: Fence): SentLog;
}

/**
 * Claim-then-send, with the user's lock as the lease. One Lua script checks the fence (the lock
 * key still holds this turn's token) and claims `sent:<user>:<mid>:<n>.<i>`:
 * - `sent` already → skip (it went out);
 * - nothing, or `pending` under another token (its turn lost the lock: crashed or fenced) → claim
 *   it as pending under our token and send.
 * After Graph's 200 the key becomes `sent`. The one window left: a process that dies after Graph
 * accepted a message and before the `sent` mark lands; the re-run sends that message again (Meta's
 * Send API has no idempotency key to close it). A lost reply is never the outcome.
 */
const CLAIM = `if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('GET', KEYS[2]) == 'sent' then return 0 end
redis.call('SET', KEYS[2], 'pending:' .. ARGV[1], 'EX', ARGV[2])
return 1`;
/** About 30 s of retries for a `sent` mark (longer than a Redis restart or failover). */
const MARK_ATTEMPTS = 40;
const CLAIM_SHA = createHash('sha1').update(CLAIM).digest('hex');

export class RedisReplyLedger implements ReplyLedger {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly prefix = 'teller:sent:',
    private readonly ttlSeconds = DAY_SECONDS,
  ) {}

  forTurn(user: string, messageId: string, fence: Fence): SentLog {
    // The user's hash tag: the lock key and these keys share a Redis Cluster slot.
    const base = `${this.prefix}${userTag(user)}:${compactId(messageId)}:`;
    const claimed = new Set<string>();
    return {
      forget: async () => {
        // One DEL: the keys share the user's hash tag, so this is single-slot on a Cluster too.
        if (claimed.size > 0) await this.client.del(...claimed);
      },
      claim: async (reply, part) => {
        const keys = [fence.key ?? `${base}nolock`, `${base}${reply}.${part}`];
        claimed.add(keys[1]!);
        const args = [fence.token ?? '', this.ttlSeconds];
        let r: unknown;
        try {
          r = await this.client.evalsha(CLAIM_SHA, 2, ...keys, ...args);
        } catch (err) {
          if (!String((err as Error)?.message).includes('NOSCRIPT')) throw err;
          r = await this.client.eval(CLAIM, 2, ...keys, ...args);
        }
        if (Number(r) === -1) throw lockLost();
        return Number(r) === 1;
      },
      // The mark matters more than anything else in the turn: a message Graph accepted and we did
      // not mark would go out again on a re-run. A Redis blip is waited out (the lock is still ours).
      sent: async (reply, part) => {
        for (let attempt = 1; ; attempt++) {
          try {
            await this.client.set(`${base}${reply}.${part}`, 'sent', 'EX', this.ttlSeconds);
            return;
          } catch (err) {
            if (attempt >= MARK_ATTEMPTS) throw err;
            await new Promise((r) => setTimeout(r, Math.min(100 * attempt, 1_000)));
          }
        }
      },
    };
  }
}
