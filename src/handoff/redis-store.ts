import type { RedisClient } from '../redis/connect';
import type { TokenVault } from '../vault';
import { initialRecord, queueScore, transition, type HandoffEvent, type HandoffRecord } from './state';
import { WAIT_SAMPLES, type Applied, type HandoffStore, type QueueEntry } from './store';

/**
 * Compare-and-set of one conversation's record, and its place in the queue, in one atomic step.
 * KEYS: record hash, queue zset. ARGV: expected version, new version, sealed record, ttl seconds,
 * 'add' | 'rem', queue score, member.
 */
const CAS = `
local ver = redis.call('HGET', KEYS[1], 'ver')
if (ver or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'ver', ARGV[2], 'data', ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
if ARGV[5] == 'add' then redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7]) else redis.call('ZREM', KEYS[2], ARGV[7]) end
return 1
`;

/** Removes idle members and returns them: one caller gets each, even across processes. */
const TAKE_IDLE = `
local idle = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #idle > 0 then redis.call('ZREM', KEYS[1], unpack(idle)) end
return idle
`;

/** The scripts above, as ioredis defines them on the client (EVALSHA, loaded once). */
interface Scripts {
  tellerHandoffCas(
    record: string,
    queue: string,
    expected: string,
    next: string,
    sealed: string,
    ttl: number,
    op: 'add' | 'rem',
    score: number,
    member: string,
  ): Promise<number>;
  tellerHandoffTakeIdle(recent: string, before: number, limit: number): Promise<string[]>;
}

export interface RedisHandoffStoreOptions {
  client: RedisClient;
  /** Key prefix, e.g. `teller:demo-bank:`. Keys share a hash tag so the Lua scripts work on a cluster. */
  prefix: string;
  vault: TokenVault;
  /** Seconds a record lives after its last change; default 8 days (Messenger's HUMAN_AGENT tag lasts 7). */
  ttlSeconds?: number;
}

/**
 * Handoff state in Redis. Records are sealed with the vault (which agent, when, why stay unreadable
 * at rest); the version beside them is what the compare-and-set script checks.
 */
export class RedisHandoffStore implements HandoffStore {
  private readonly r: RedisClient;
  private readonly scripts: Scripts;
  private readonly base: string;
  private readonly ttl: number;

  constructor(private readonly o: RedisHandoffStoreOptions) {
    this.r = o.client;
    this.base = `${o.prefix}{handoff}:`;
    this.ttl = o.ttlSeconds ?? 8 * 24 * 3600;
    if (!('tellerHandoffCas' in this.r)) {
      this.r.defineCommand('tellerHandoffCas', { numberOfKeys: 2, lua: CAS });
      this.r.defineCommand('tellerHandoffTakeIdle', { numberOfKeys: 1, lua: TAKE_IDLE });
    }
    this.scripts = this.r as unknown as Scripts;
  }

  private recordKey(key: string) {
    return `${this.base}conv:${key}`;
  }
  private get queueKey() {
    return `${this.base}queue`;
  }
  private get recentKey() {
    return `${this.base}recent`;
  }
  private get waitsKey() {
    return `${this.base}waits`;
  }

  private binding(key: string) {
    return { user: key, connector: 'teller', purpose: 'handoff' };
  }

  private async read(key: string): Promise<{ version: string; record?: HandoffRecord }> {
    const [ver, data] = await this.r.hmget(this.recordKey(key), 'ver', 'data');
    if (!ver || !data) return { version: '0' };
    const record = JSON.parse(this.o.vault.decrypt(data, this.binding(key)).plaintext.reveal());
    return { version: ver, record: record as HandoffRecord };
  }

  async get(key: string): Promise<HandoffRecord | undefined> {
    return (await this.read(key)).record;
  }

  async apply(key: string, event: HandoffEvent): Promise<Applied> {
    for (;;) {
      const { version, record } = await this.read(key);
      const previous = record ?? initialRecord(event.at);
      const result = transition(previous, event);
      if (!result.ok) return { ...result, previous };
      const next = result.record;
      const sealed = this.o.vault.encrypt(JSON.stringify(next), this.binding(key));
      const queued = next.state === 'queued';
      const won = await this.scripts.tellerHandoffCas(
        this.recordKey(key),
        this.queueKey,
        version,
        String(next.version),
        sealed,
        this.ttl,
        queued ? 'add' : 'rem',
        queued ? queueScore(next) : 0,
        key,
      );
      if (won === 1) return { ...result, previous };
      // Someone else changed it first: read again and re-judge the event against what they did.
    }
  }

  async queue(limit = 100): Promise<QueueEntry[]> {
    const flat = await this.r.zrange(this.queueKey, 0, limit - 1, 'WITHSCORES');
    const out: QueueEntry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ key: flat[i]!, score: Number(flat[i + 1]) });
    return out;
  }

  async position(key: string): Promise<number | undefined> {
    const rank = await this.r.zrank(this.queueKey, key);
    return rank === null ? undefined : rank + 1;
  }

  queueLength(): Promise<number> {
    return this.r.zcard(this.queueKey);
  }

  async touch(key: string, at: number): Promise<void> {
    await this.r.zadd(this.recentKey, at, key);
  }

  recent(since: number, limit = 50): Promise<string[]> {
    return this.r.zrevrangebyscore(this.recentKey, '+inf', since, 'LIMIT', 0, limit);
  }

  takeIdle(before: number, limit = 100): Promise<string[]> {
    return this.scripts.tellerHandoffTakeIdle(this.recentKey, before, limit);
  }

  async recordWait(ms: number): Promise<void> {
    await this.r
      .multi()
      .lpush(this.waitsKey, String(Math.max(0, Math.round(ms))))
      .ltrim(this.waitsKey, 0, WAIT_SAMPLES - 1)
      .exec();
  }

  async waits(): Promise<number[]> {
    return (await this.r.lrange(this.waitsKey, 0, -1)).map(Number);
  }

  async delete(key: string): Promise<boolean> {
    const [[, removed] = []] =
      (await this.r
        .multi()
        .del(this.recordKey(key))
        .zrem(this.queueKey, key)
        .zrem(this.recentKey, key)
        .exec()) ?? [];
    return removed === 1;
  }
}
