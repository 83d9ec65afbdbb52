import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LoadShedderOptions {
  /** Event-loop delay (p99 over the last window) above which new work is refused; default 150 ms. */
  maxEventLoopDelayMs?: number;
  /** Work already accepted but not finished (e.g. inbox depth); refuse above `maxPending`. */
  pending?: () => number;
  /** Default 5,000: about 10 s of work at a worker's pace. */
  maxPending?: number;
  /** How often the delay is sampled and judged; default 250 ms. */
  windowMs?: number;
  /** Seconds Meta (or any client) is asked to wait, in `Retry-After`; default 2. */
  retryAfterSeconds?: number;
  onShed?: (reason: ShedReason) => void;
}

export type ShedReason = 'event_loop' | 'pending';

/**
 * Refuses new work with 503 before the process stalls. Meta redelivers a webhook that did not get a
 * 200, so a 503 under overload loses nothing, while a stalled event loop would miss Meta's timeout
 * for every request and get the webhook disabled. Uses Node's own event-loop delay histogram.
 */
export class LoadShedder {
  private readonly histogram: IntervalHistogram;
  private readonly timer: NodeJS.Timeout;
  private lastDelayMs = 0;

  constructor(private readonly o: LoadShedderOptions = {}) {
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.timer = setInterval(() => this.judge(), o.windowMs ?? 250);
    this.timer.unref();
  }

  /** The p99 event-loop delay of the last window, in ms (the histogram's own 10 ms resolution excluded). */
  get eventLoopDelayMs(): number {
    return this.lastDelayMs;
  }

  /** Why new work should be refused now, or undefined when there is room. */
  reason(): ShedReason | undefined {
    // Judge the current window too: a loop blocked right now has not reached the interval yet.
    const current = Math.max(this.lastDelayMs, this.windowDelayMs());
    if (current > (this.o.maxEventLoopDelayMs ?? 150)) return 'event_loop';
    if (this.o.pending && this.o.pending() > (this.o.maxPending ?? 5_000)) return 'pending';
    return undefined;
  }

  /**
   * Answers 503 with `Retry-After` and returns true when overloaded; the caller then stops. For the
   * raw `node:http` webhook path as well as express (`(req, res, next) => shed(req, res) || next()`).
   */
  shed(_req: IncomingMessage, res: ServerResponse): boolean {
    const why = this.reason();
    if (!why) return false;
    this.o.onShed?.(why);
    res.writeHead(503, {
      'Retry-After': String(this.o.retryAfterSeconds ?? 2),
      'Content-Type': 'text/plain',
    });
    res.end('overloaded, retry later');
    return true;
  }

  close(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private windowDelayMs(): number {
    if (this.histogram.count === 0) return 0;
    // Delay beyond the sampling resolution itself is what the loop owes.
    return Math.max(0, this.histogram.percentile(99) / 1e6 - 10);
  }

  private judge(): void {
    this.lastDelayMs = this.windowDelayMs();
    this.histogram.reset();
  }
}
