import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Handoff to people: how long the queue is, how long customers wait, who resolved the conversation. */
export interface HandoffMetrics {
  /** Where the queue length is read at scrape time (the handoff service sets it). */
  queueLength(source: () => Promise<number>): void;
  /** Seconds a conversation waited in the queue before a person claimed it. */
  observeWait(seconds: number): void;
  /** A conversation finished: by the bot alone, or with a person. */
  resolved(by: 'bot' | 'person'): void;
  /** A conversation was handed to people, and why (asked, fallbacks, escalation, agent). */
  handoff(reason: string): void;
}

export function handoffMetrics(registry: Registry): HandoffMetrics {
  let source: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'teller_handoff_queue_length',
    help: 'Conversations waiting in the queue for a person',
    registers: [registry],
    async collect() {
      if (source) this.set(await source());
    },
  });
  const wait = new Histogram({
    name: 'teller_handoff_wait_seconds',
    help: 'Time a conversation waited in the queue before a person claimed it',
    buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
    registers: [registry],
  });
  const resolved = new Counter({
    name: 'teller_conversations_resolved_total',
    help: 'Conversations that ended, by who resolved them (bot alone, or a person)',
    labelNames: ['by'],
    registers: [registry],
  });
  const handoffs = new Counter({
    name: 'teller_handoffs_total',
    help: 'Conversations handed from the bot to people, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  // Both series exist from the start, so dashboards show 0 rather than "no data".
  resolved.labels('bot').inc(0);
  resolved.labels('person').inc(0);
  return {
    queueLength: (fn) => void (source = fn),
    observeWait: (s) => wait.observe(s),
    resolved: (by) => resolved.labels(by).inc(),
    handoff: (reason) => handoffs.labels(reason).inc(),
  };
}
