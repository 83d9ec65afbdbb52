import type { Outbound, SendOptions } from '../../engine/context';
import { TellerError } from '../../engine/errors';
import type { Reply } from '../../engine/reply';
import type { Logger } from '../../logging/logger';
import { MessengerError } from './errors';
import { GraphApiError, type GraphClient } from './graph-client';
import { KeyedQueue } from './keyed-queue';
import { TokenBucket } from './rate-limit';
import { renderReply, type MessengerMessage } from './render';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry';

export interface SendApiOptions {
  graph: GraphClient;
  logger: Logger;
  /** Send API calls per second for the page, across users (token bucket); default 250. */
  ratePerSecond?: number;
  /** Bucket size (calls allowed in a burst); default: one second's worth. */
  burst?: number;
  retry?: Partial<RetryPolicy>;
  /** Metrics: each message call's duration (retries included), and calls that failed for good by code. */
  onTimed?: (seconds: number) => void;
  onFailed?: (code: string) => void;
  /** For tests: replaces setTimeout-based waiting and Math.random. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

type SendBody =
  | { messaging_type: 'RESPONSE'; recipient: { id: string }; message: MessengerMessage }
  /** A person's reply more than 24 hours after the customer's last message (see handover.ts). */
  | {
      messaging_type: 'MESSAGE_TAG';
      tag: 'HUMAN_AGENT';
      recipient: { id: string };
      message: MessengerMessage;
    }
  | { recipient: { id: string }; sender_action: 'typing_on' | 'typing_off' | 'mark_seen' };

/**
 * Messenger's Send API as the engine's Outbound. Replies to one user go out strictly in order (a
 * FIFO per recipient: the next call waits for the previous one to finish); all calls share the
 * page's rate limit; failures are retried per `retry.ts`.
 */
export class SendApi implements Outbound {
  private readonly queue = new KeyedQueue();
  private readonly bucket: TokenBucket;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private closed = false;

  constructor(private readonly o: SendApiOptions) {
    const rate = o.ratePerSecond ?? 250;
    this.bucket = new TokenBucket(rate, o.burst ?? Math.max(1, rate));
    this.policy = { ...DEFAULT_RETRY, ...o.retry };
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Renders the reply and sends its messages in order; resolves once Meta accepted them all. `tag`
   * marks a person's reply outside the 24-hour window (Meta allows HUMAN_AGENT for 7 days).
   * `once` (from the engine) makes a re-run turn skip messages that already went out: each message
   * is claimed right before its call and marked sent right after Graph's 200.
   */
  async send(userId: string, reply: Reply, o: { tag?: 'HUMAN_AGENT' } & SendOptions = {}): Promise<void> {
    const messages = renderReply(reply);
    await this.enqueue(userId, async () => {
      for (const [part, message] of messages.entries()) {
        if (o.once && !(await o.once.claim(part))) continue;
        await this.call(
          o.tag
            ? { messaging_type: 'MESSAGE_TAG', tag: o.tag, recipient: { id: userId }, message }
            : { messaging_type: 'RESPONSE', recipient: { id: userId }, message },
        );
        await o.once?.sent(part);
      }
    }).catch((err: unknown) => {
      throw new TellerError('TELLER_ERR_CHANNEL_SEND', 'Messenger could not deliver a reply', { cause: err });
    });
  }

  /** typing_on / typing_off. Cosmetic: tried once, failures are logged and swallowed. */
  async typing(userId: string, on: boolean): Promise<void> {
    const action = on ? 'typing_on' : 'typing_off';
    await this.enqueue(userId, () =>
      this.call({ recipient: { id: userId }, sender_action: action }, 1).then(() => undefined),
    ).catch(() => undefined);
  }

  /** Resolves when every queued send has finished. */
  drain(): Promise<void> {
    return this.queue.idle();
  }

  /** Refuses new sends and waits for queued ones to finish. */
  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }

  private enqueue<T>(userId: string, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new MessengerError('TELLER_ERR_MESSENGER_CLOSED'));
    return this.queue.run(userId, task);
  }

  /** One Send API call with bounded retries; every attempt takes a token from the page's bucket. */
  private async call(body: SendBody, maxAttempts = this.policy.maxAttempts): Promise<unknown> {
    const kind = 'sender_action' in body ? body.sender_action : 'message';
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      await this.bucket.take();
      try {
        const result = await this.o.graph.call('POST', '/me/messages', { body });
        if (kind === 'message') this.o.onTimed?.((performance.now() - started) / 1000);
        return result;
      } catch (err) {
        if (!(err instanceof GraphApiError)) throw err;
        const f = err.failure;
        const log = {
          code: err.code,
          graph: { status: f.status, code: f.code, subcode: f.subcode, type: f.type, fbtraceId: f.fbtraceId },
          kind,
          attempt,
        };
        const tooLong = f.retryAfterMs !== undefined && f.retryAfterMs > this.policy.maxRetryAfterMs;
        if (!err.retryable || attempt >= maxAttempts || tooLong) {
          if (kind === 'message')
            this.o.onFailed?.(f.code !== undefined ? String(f.code) : `http_${f.status}`);
          if (kind === 'message')
            this.o.logger.warn(log, err.retryable ? 'messenger send gave up' : 'messenger send rejected');
          else this.o.logger.debug(log, 'messenger sender action failed');
          throw err;
        }
        const delay = Math.max(backoffDelay(attempt, this.policy, this.o.random), f.retryAfterMs ?? 0);
        this.o.logger.info({ ...log, delayMs: delay }, 'messenger send will be retried');
        await this.sleep(delay);
      }
    }
  }
}
