import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RedisClient } from '../../redis/connect';
import type { Logger } from '../../logging/logger';
import { MessengerError } from './errors';
import { eventRef, eventUser, type InboundEvent } from './events';
import type { EventConsumer, Inbox } from './inbox';
import { KeyedQueue } from './keyed-queue';
import { COMPLETE, ENQUEUE, IS_HEAD, runScript } from './redis-inbox-scripts';

export interface RedisInboxOptions {
  /** Your client: used for XADD/XACK/XAUTOCLAIM and duplicated for blocking reads. Never closed here. */
  redis: RedisClient;
  logger: Logger;
  /**
   * Key prefix; the stream is `<prefix>inbox`, dead letters `{<prefix>inbox}:dead`, each user's
   * order list `{<prefix>inbox}:order:<user>`.
   */
  prefix?: string;
  group?: string;
  /** Unique per process; default host:pid:random. */
  consumerName?: string;
  /** Approximate cap on the stream length (XADD MAXLEN ~); default 100 000. */
  maxLen?: number;
  /** Events read per XREADGROUP and most events in flight at once; default 32 / 64. */
  batchSize?: number;
  maxInFlight?: number;
  blockMs?: number;
  /**
   * A pending event idle this long is presumed orphaned by a dead consumer and claimed; default
   * 60 s. Live consumers reset the idle time of what they hold every `claimIntervalMs`, so this
   * only has to exceed that interval, not the longest turn.
   */
  claimIdleMs?: number;
  claimIntervalMs?: number;
  /** Deliveries after which an event is moved to the dead-letter stream; default 5. */
  maxDeliveries?: number;
  /** enqueue() fails (→ 503) if Redis has not stored the batch within this time; default 3 s. */
  enqueueTimeoutMs?: number;
  drainTimeoutMs?: number;
  /** How soon an event waiting for its user's earlier event is looked at again; default 25 ms. */
  orderRetryMs?: number;
}

type Entry = [id: string, fields: string[]];

/** Dead letters hold message text: the stream expires a week after the last one. */
const DEAD_LETTER_TTL_SECONDS = 7 * 24 * 3600;
/** An order list outlives any entry it names (entries are processed or dead-lettered long before). */
const ORDER_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Durable inbox on a Redis stream, shared by any number of worker processes.
 *
 * - Ingest: one Lua script XADDs each event and appends its id to the user's order list; the webhook
 *   answers 200 only after it (503 if Redis can't be reached in time, so Meta redelivers).
 * - Consume: a consumer group reads with XREADGROUP. An entry runs only when it is the head of its
 *   user's order list, so one user's events are processed in arrival order even when different
 *   workers read them; otherwise it is looked at again shortly. When done, one script removes it
 *   from the list, XACKs and XDELs it (message text does not linger in Redis).
 * - Crashes: a live consumer resets the idle time of what it holds; an entry idle past `claimIdleMs`
 *   belongs to a dead consumer and is taken over with XAUTOCLAIM. Delivery into the engine is
 *   at-least-once; the engine dedupes completed turns under the user's lock.
 */
export class RedisStreamInbox implements Inbox {
  readonly stream: string;
  readonly deadStream: string;
  readonly group: string;
  readonly consumerName: string;
  private readonly orderPrefix: string;
  private readonly queue = new KeyedQueue();
  private readonly inFlight = new Set<string>();
  private readonly parked = new Set<NodeJS.Timeout>();
  private reader: RedisClient | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private slotFreed: (() => void) | undefined;

  constructor(private readonly o: RedisInboxOptions) {
    const prefix = o.prefix ?? 'teller:messenger:';
    this.stream = `${prefix}inbox`;
    // Tagged with the stream's whole name: on Redis Cluster they share its slot (one script, one MULTI).
    this.deadStream = `{${this.stream}}:dead`;
    this.orderPrefix = `{${this.stream}}:order:`;
    this.group = o.group ?? 'teller-messenger';
    this.consumerName = o.consumerName ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  /** Events stored and not yet processed (the stream's length). */
  depth(): Promise<number> {
    return this.o.redis.xlen(this.stream);
  }

  async enqueue(events: InboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Down or reconnecting: answer 503 at once rather than after the timeout.
    if (['end', 'close', 'reconnecting'].includes(this.o.redis.status))
      throw new MessengerError('TELLER_ERR_MESSENGER_INBOX', `Redis is unavailable (${this.o.redis.status})`);
    const keys = [this.stream, ...events.map((e) => this.orderKey(eventUser(e)))];
    const args = [this.o.maxLen ?? 100_000, ORDER_TTL_MS, ...events.map((e) => JSON.stringify(e))];
    const stored = runScript(this.o.redis, ENQUEUE, keys, args).then(
      (ids) => Array.isArray(ids) && ids.length === events.length,
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new MessengerError('TELLER_ERR_MESSENGER_INBOX', 'Redis did not store the batch in time')),
        this.o.enqueueTimeoutMs ?? 3_000,
      );
    });
    try {
      const ok = await Promise.race([stored, timeout]);
      if (!ok) throw new MessengerError('TELLER_ERR_MESSENGER_INBOX', 'Redis refused the batch');
    } catch (err) {
      if (err instanceof MessengerError) throw err;
      throw new MessengerError('TELLER_ERR_MESSENGER_INBOX', 'Redis did not store the batch', { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  async start(consumer: EventConsumer): Promise<void> {
    if (this.loop) return;
    await this.ensureGroup();
    this.reader = this.o.redis.duplicate();
    this.reader.on('error', () => undefined); // the loop logs and retries its failed reads
    this.loop = this.run(consumer);
  }

  /** Creates the consumer group (reading from the start, so events stored before it are not skipped). */
  private async ensureGroup(): Promise<void> {
    try {
      await this.o.redis.xgroup('CREATE', this.stream, this.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  /**
   * Stops reading, lets running events finish (up to drainTimeoutMs) and leaves the rest pending:
   * events waiting for their turn, or still running, are claimed by another consumer.
   */
  async close(): Promise<void> {
    this.stopping = true;
    for (const t of this.parked) clearTimeout(t);
    this.parked.clear();
    this.slotFreed?.();
    if (!this.loop) return;
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      this.queue.idle().then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), this.o.drainTimeoutMs ?? 10_000))),
    ]);
    clearTimeout(timer);
    if (!drained)
      this.o.logger.warn(
        { code: 'TELLER_ERR_MESSENGER_INBOX', inFlight: this.inFlight.size },
        'closing with events in flight: they stay pending and another consumer will claim them',
      );
    this.reader?.disconnect();
    await this.loop;
    if (drained) await this.forgetConsumer().catch(() => undefined);
  }

  private orderKey(user: string): string {
    return this.orderPrefix + user;
  }

  private async run(consumer: EventConsumer): Promise<void> {
    const claimEvery = this.o.claimIntervalMs ?? 5_000;
    const maxInFlight = this.o.maxInFlight ?? 64;
    let lastClaim = -Infinity;
    while (!this.stopping) {
      try {
        if (Date.now() - lastClaim >= claimEvery) {
          lastClaim = Date.now();
          await this.heartbeat();
          await this.claimStale(consumer);
        }
        if (this.inFlight.size >= maxInFlight) {
          // Full: wait for a slot, but keep claiming (our slots may wait on a dead consumer's entries).
          await new Promise<void>((r) => {
            const t = setTimeout(r, claimEvery);
            this.slotFreed = () => {
              clearTimeout(t);
              r();
            };
          });
          continue;
        }
        const count = Math.min(this.o.batchSize ?? 32, maxInFlight - this.inFlight.size);
        const res = (await this.reader!.xreadgroup(
          'GROUP',
          this.group,
          this.consumerName,
          'COUNT',
          count,
          'BLOCK',
          Math.min(this.o.blockMs ?? 2_000, claimEvery),
          'STREAMS',
          this.stream,
          '>',
        )) as [string, Entry[]][] | null;
        for (const [, entries] of res ?? []) for (const entry of entries) this.dispatch(consumer, entry);
      } catch (err) {
        if (this.stopping) break;
        this.o.logger.warn({ code: 'TELLER_ERR_MESSENGER_INBOX', err }, 'redis inbox read failed; retrying');
        // The stream or group vanished (e.g. the key was deleted): recreate it.
        if (String((err as Error)?.message).includes('NOGROUP'))
          await this.ensureGroup().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Resets the idle time of what this consumer holds, so live work is never claimed away. */
  private async heartbeat(): Promise<void> {
    const ids = [...this.inFlight];
    for (let i = 0; i < ids.length; i += 100)
      await this.o.redis.xclaim(
        this.stream,
        this.group,
        this.consumerName,
        0,
        ...ids.slice(i, i + 100),
        'JUSTID',
      );
  }

  /** Takes over entries another (presumably dead) consumer left pending for longer than claimIdleMs. */
  private async claimStale(consumer: EventConsumer): Promise<void> {
    const idle = this.o.claimIdleMs ?? 60_000;
    let cursor = '0-0';
    for (let round = 0; round < 10 && !this.stopping; round++) {
      const [next, claimed] = (await this.o.redis.xautoclaim(
        this.stream,
        this.group,
        this.consumerName,
        idle,
        cursor,
        'COUNT',
        this.o.batchSize ?? 32,
      )) as [string, (Entry | null)[]];
      const entries = claimed.filter((e): e is Entry => Array.isArray(e) && !this.inFlight.has(e[0]));
      if (entries.length > 0) {
        const deliveries = await this.deliveryCounts(entries);
        for (const entry of entries) {
          const n = deliveries.get(entry[0]) ?? 1;
          if (n > (this.o.maxDeliveries ?? 5)) await this.deadLetter(entry, n);
          else this.dispatch(consumer, entry);
        }
        this.o.logger.info({ claimed: entries.length }, 'redis inbox claimed stale events');
      }
      cursor = next;
      if (cursor === '0-0') break;
    }
  }

  private dispatch(consumer: EventConsumer, [id, fields]: Entry): void {
    if (this.inFlight.has(id)) return;
    const event = decode(fields);
    if (!event) {
      void this.deadLetter([id, fields], 0).catch(() => undefined);
      return;
    }
    this.inFlight.add(id);
    this.attempt(consumer, id, event, 0);
  }

  /**
   * Runs the entry if it is its user's next event; otherwise parks it and looks again shortly
   * (outside the local queue, so an earlier event claimed later can overtake it here too).
   */
  private attempt(consumer: EventConsumer, id: string, event: InboundEvent, waits: number): void {
    const user = eventUser(event);
    const list = this.orderKey(user);
    this.queue
      .run(user, async () => {
        if (this.stopping) return 'stopped';
        if (Number(await runScript(this.o.redis, IS_HEAD, [this.stream, list], [id])) !== 1) return 'wait';
        await consumer(event);
        await runScript(this.o.redis, COMPLETE, [this.stream, list], [this.group, id]);
        return 'done';
      })
      .then(
        (outcome) => {
          if (outcome !== 'wait' || this.stopping) return this.release(id);
          const base = this.o.orderRetryMs ?? 25;
          const t = setTimeout(
            () => {
              this.parked.delete(t);
              this.attempt(consumer, id, event, waits + 1);
            },
            Math.min(base * 2 ** Math.min(waits, 4), 500),
          );
          this.parked.add(t);
        },
        (err: unknown) => {
          this.o.logger.error(
            { code: 'TELLER_ERR_MESSENGER_INBOX', err, kind: event.kind, ref: eventRef(event) },
            'inbound event failed; it stays pending and will be retried',
          );
          this.release(id);
        },
      );
  }

  private release(id: string): void {
    this.inFlight.delete(id);
    const wake = this.slotFreed;
    this.slotFreed = undefined;
    wake?.();
  }

  private async deliveryCounts(entries: Entry[]): Promise<Map<string, number>> {
    const ids = entries.map(([id]) => id);
    const rows = (await this.o.redis.xpending(
      this.stream,
      this.group,
      ids[0]!,
      ids[ids.length - 1]!,
      ids.length + this.inFlight.size + 16, // the range may also hold our own in-flight entries
      this.consumerName,
    )) as [string, string, number, number][];
    return new Map(rows.map(([id, , , n]) => [id, Number(n)]));
  }

  private async deadLetter([id, fields]: Entry, deliveries: number): Promise<void> {
    const event = decode(fields);
    const multi = this.o.redis
      .multi()
      .xadd(this.deadStream, 'MAXLEN', '~', 10_000, '*', ...fields, 'deliveries', String(deliveries))
      .expire(this.deadStream, DEAD_LETTER_TTL_SECONDS)
      .xack(this.stream, this.group, id)
      .xdel(this.stream, id);
    // The user's later events stop waiting for this one.
    if (event) multi.lrem(this.orderKey(eventUser(event)), 1, id);
    await multi.exec();
    this.o.logger.error(
      { code: 'TELLER_ERR_MESSENGER_DEAD_LETTER', id, deliveries, deadStream: this.deadStream },
      'inbound event moved to the dead-letter stream',
    );
  }

  /** Removes this consumer from the group once it holds nothing pending (never loses entries). */
  private async forgetConsumer(): Promise<void> {
    const mine = (await this.o.redis.xpending(this.stream, this.group, '-', '+', 1, this.consumerName)) as [];
    if (mine.length === 0)
      await this.o.redis.xgroup('DELCONSUMER', this.stream, this.group, this.consumerName);
  }
}

function decode(fields: string[]): InboundEvent | undefined {
  const i = fields.indexOf('event');
  const raw = i >= 0 ? fields[i + 1] : undefined;
  if (!raw) return undefined;
  try {
    const event = JSON.parse(raw) as InboundEvent;
    return typeof event === 'object' && event !== null && typeof event.kind === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}
