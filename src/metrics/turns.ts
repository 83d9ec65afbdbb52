import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Where a turn spends its time. */
export type TurnStage = 'nlu' | 'connector' | 'send';

/** Turns through the engine: how many, how long each stage took, how many fell back, how sends fail. */
export interface TurnMetrics {
  /** A turn finished; `outcome` is `ok` or `error` (the calm-message path). */
  turn(outcome: 'ok' | 'error', seconds: number): void;
  /** A turn was turned away by a rate limit (`user` or `page`). */
  rateLimited(scope: 'user' | 'page'): void;
  /** Seconds one stage took (one NLU parse, one bank call, one Send API call). */
  stage(stage: TurnStage, seconds: number): void;
  /** A turn was routed to an intent; fallbacks count towards the fallback rate. */
  routed(intent: string, fallback: boolean): void;
  /** A Send API call failed for good, by Graph error code (`http_<status>` when it had none). */
  sendError(code: string): void;
  /** Events accepted but not yet processed, read at scrape time. */
  queueDepth(source: () => Promise<number> | number): void;
}

/** Buckets from 1 ms to 10 s: NLU sits at the bottom, a slow bank at the top. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function turnMetrics(registry: Registry): TurnMetrics {
  const turns = new Counter({
    name: 'teller_turns_total',
    help: 'Turns handled, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: 'teller_turn_duration_seconds',
    help: 'Time from taking a turn (after the per-user lock) to its last reply',
    buckets: SECONDS,
    registers: [registry],
  });
  const stageSeconds = new Histogram({
    name: 'teller_stage_duration_seconds',
    help: 'Time spent in one stage of a turn: nlu, connector or send',
    labelNames: ['stage'],
    buckets: SECONDS,
    registers: [registry],
  });
  const routed = new Counter({
    name: 'teller_intents_total',
    help: 'Turns routed, by intent; fallback="true" marks turns nothing understood',
    labelNames: ['intent', 'fallback'],
    registers: [registry],
  });
  const sendErrors = new Counter({
    name: 'teller_send_errors_total',
    help: 'Send API calls that failed for good, by Graph error code',
    labelNames: ['code'],
    registers: [registry],
  });
  let depth: (() => Promise<number> | number) | undefined;
  new Gauge({
    name: 'teller_queue_depth',
    help: 'Events acknowledged to the platform but not yet processed',
    registers: [registry],
    async collect() {
      if (depth) this.set(await depth());
    },
  });
  const limited = new Counter({
    name: 'teller_rate_limited_total',
    help: 'Turns turned away by a rate limit, by scope (user or page)',
    labelNames: ['scope'],
    registers: [registry],
  });
  for (const outcome of ['ok', 'error']) turns.labels(outcome).inc(0);
  return {
    turn: (outcome, seconds) => {
      turns.labels(outcome).inc();
      turnSeconds.observe(seconds);
    },
    rateLimited: (scope) => limited.labels(scope).inc(),
    stage: (stage, seconds) => stageSeconds.labels(stage).observe(seconds),
    routed: (intent, fallback) => routed.labels(intent, String(fallback)).inc(),
    sendError: (code) => sendErrors.labels(code).inc(),
    queueDepth: (fn) => void (depth = fn),
  };
}
