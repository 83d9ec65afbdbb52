import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger';
import { MessengerError } from './errors';
import { eventRef, eventUser, type InboundEvent } from './events';
import type { EventConsumer, Inbox } from './inbox';
import { KeyedQueue } from './keyed-queue';

export interface RedisInboxOptions {
  /** Your client: used for XADD/XACK/XAUTOCLAIM and duplicated for blocking reads. Never closed here. */
  redis: Redis;
  logger: Logger;
  /** Key prefix; the stream is `<prefix>inbox`, the dead letters `<prefix>inbox:dead`. */
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
  /** A pending event idle this long is presumed orphaned by a dead consumer and claimed; default 60 s. */
  claimIdleMs?: number;
  claimIntervalMs?: number;
  /** Deliveries after which an event is moved to the dead-letter stream; default 5. */
  maxDeliveries?: number;
  /** enqueue() fails (→ 503) if Redis has not stored the batch within this time; default 3 s. */
  enqueueTimeoutMs?: number;
  drainTimeoutMs?: number;
}

type Entry = [id: string, fields: string[]];

/** Acknowledges a processed entry and deletes it, so message text does not linger in Redis. */
const ACK_AND_DELETE = `redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return redis.call('XDEL', KEYS[1], ARGV[2])`;
const ACK_AND_DELETE_SHA = createHash('sha1').update(ACK_AND_DELETE).digest('hex');

/** Dead letters hold message text: the stream expires a week after the last one. */
const DEAD_LETTER_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Durable inbox on a Redis stream. The webhook XADDs before answering 200; a consumer group reads
 * with XREADGROUP, processes, then XACKs and XDELs (so message text does not linger in Redis).
 * Entries left pending by a crashed consumer are claimed with XAUTOCLAIM after `claimIdleMs`
 * and processed again: delivery into the engine is at-least-once and the engine dedupes on `mid`.
 */
export class RedisStreamInbox implements Inbox {
  readonly stream: string;
  readonly deadStream: string;
  readonly group: string;
  readonly consumerName: string;
  private readonly queue = new KeyedQueue();
  private readonly inFlight = new Set<string>();
  private reader: Redis | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private slotFreed: (() => void) | undefined;

  constructor(private readonly o: RedisInboxOptions) {
    const prefix = o.prefix ?? 'teller:messenger:';
    this.stream = `${prefix}inbox`;
    this.deadStream = `${prefix}inbox:dead`;
    this.group = o.group ?? 'teller-messenger';
    this.consumerName = o.consumerName ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  async enqueue(events: InboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.o.redis.status === 'end')
      throw new MessengerError('TELLER_ERR_MESSENGER_INBOX', 'Redis connection is closed');
    const maxLen = this.o.maxLen ?? 100_000;
    // One event (the usual webhook) is a single XADD, atomic on its own; a batch is a MULTI.
    const stored: Promise<boolean> =
      events.length === 1
        ? this.o.redis
            .xadd(this.stream, 'MAXLEN', '~', maxLen, '*', 'event', JSON.stringify(events[0]))
            .then((id) => typeof id === 'string')
        : events
            .reduce(
              (multi, event) =>
                multi.xadd(this.stream, 'MAXLEN', '~', maxLen, '*', 'event', JSON.stringify(event)),
              this.o.redis.multi(),
            )
            .exec()
            .then((results) => !!results && !results.some(([err]) => err));
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

  async close(): Promise<void> {
    this.stopping = true;
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

  private async run(consumer: EventConsumer): Promise<void> {
    const claimEvery = this.o.claimIntervalMs ?? 5_000;
    const maxInFlight = this.o.maxInFlight ?? 64;
    let lastClaim = -Infinity;
    while (!this.stopping) {
      try {
        if (this.inFlight.size >= maxInFlight) {
          await new Promise<void>((r) => (this.slotFreed = r));
          continue;
        }
        if (Date.now() - lastClaim >= claimEvery) {
          lastClaim = Date.now();
          await this.claimStale(consumer);
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
    const event = decode(fields);
    if (!event) {
      void this.deadLetter([id, fields], 0);
      return;
    }
    this.inFlight.add(id);
    this.queue
      .run(eventUser(event), async () => {
        await consumer(event);
        await this.ackAndDelete(id);
      })
      .catch((err: unknown) =>
        this.o.logger.error(
          { code: 'TELLER_ERR_MESSENGER_INBOX', err, kind: event.kind, ref: eventRef(event) },
          'inbound event failed; it stays pending and will be retried',
        ),
      )
      .finally(() => {
        this.inFlight.delete(id);
        const wake = this.slotFreed;
        this.slotFreed = undefined;
        wake?.();
      });
  }

  /** XACK then XDEL, atomically, in one command (a Lua script; loaded on first use). */
  private async ackAndDelete(id: string): Promise<void> {
    const args = [1, this.stream, this.group, id] as const;
    try {
      await this.o.redis.evalsha(ACK_AND_DELETE_SHA, ...args);
    } catch (err) {
      if (!String((err as Error)?.message).includes('NOSCRIPT')) throw err;
      await this.o.redis.eval(ACK_AND_DELETE, ...args);
    }
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
    await this.o.redis
      .multi()
      .xadd(this.deadStream, 'MAXLEN', '~', 10_000, '*', ...fields, 'deliveries', String(deliveries))
      .expire(this.deadStream, DEAD_LETTER_TTL_SECONDS)
      .xack(this.stream, this.group, id)
      .xdel(this.stream, id)
      .exec();
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
