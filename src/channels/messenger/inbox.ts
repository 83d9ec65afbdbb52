import type { Logger } from '../../logging/logger';
import { MessengerError } from './errors';
import { eventRef, eventUser, type InboundEvent } from './events';
import { KeyedQueue } from './keyed-queue';

/** Processes one inbound event (the channel's dispatcher: engine turn, polite reply, hooks). */
export type EventConsumer = (event: InboundEvent) => Promise<void>;

/**
 * Where the webhook puts acknowledged events. `enqueue` resolves only once the events are stored
 * as durably as the implementation can (the webhook answers 200 after it, 503 if it throws);
 * `start` begins handing them to the consumer, each user's events in order; `close` stops
 * consuming and waits for in-flight events.
 */
export interface Inbox {
  enqueue(events: InboundEvent[]): Promise<void>;
  start(consumer: EventConsumer): Promise<void>;
  close(): Promise<void>;
}

export interface MemoryInboxOptions {
  logger: Logger;
  /** How long close() waits for queued events before giving up on them; default 10 s. */
  drainTimeoutMs?: number;
}

/**
 * Single-process inbox: events are processed asynchronously right after the 200. Nothing is
 * persisted, so events acknowledged but not yet processed are lost if the process crashes. Use
 * the Redis inbox when that matters.
 */
export class MemoryInbox implements Inbox {
  private readonly waiting: InboundEvent[] = [];
  private readonly queue = new KeyedQueue();
  private consumer: EventConsumer | undefined;
  private closed = false;

  constructor(private readonly o: MemoryInboxOptions) {}

  async enqueue(events: InboundEvent[]): Promise<void> {
    if (this.closed) throw new MessengerError('TELLER_ERR_MESSENGER_INBOX', 'The inbox is closed');
    if (!this.consumer) {
      this.waiting.push(...events);
      return;
    }
    // setImmediate: the webhook's 200 is written before any processing starts.
    const consumer = this.consumer;
    setImmediate(() => {
      for (const event of events) this.dispatch(consumer, event);
    });
  }

  async start(consumer: EventConsumer): Promise<void> {
    this.consumer = consumer;
    for (const event of this.waiting.splice(0)) this.dispatch(consumer, event);
  }

  async close(): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.o.drainTimeoutMs ?? 10_000);
    });
    const result = await Promise.race([this.queue.idle().then(() => 'drained' as const), timeout]);
    clearTimeout(timer);
    if (result === 'timeout')
      this.o.logger.warn(
        { code: 'TELLER_ERR_MESSENGER_INBOX', users: this.queue.size },
        'memory inbox closed before every event was processed',
      );
  }

  private dispatch(consumer: EventConsumer, event: InboundEvent): void {
    this.queue
      .run(eventUser(event), () => consumer(event))
      .catch((err: unknown) => {
        this.o.logger.error(
          { code: 'TELLER_ERR_MESSENGER_INBOX', err, kind: event.kind, ref: eventRef(event) },
          'inbound event failed (memory inbox: not retried)',
        );
      });
  }
}
