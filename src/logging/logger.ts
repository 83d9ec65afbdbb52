import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured logs with redaction. Message text, tokens and anything a customer typed never reach
 * a log: handlers log ids, intents, codes and timings only, and these paths are censored in case
 * someone passes a whole object.
 */
export const REDACT_PATHS = [
  'text',
  '*.text',
  'message',
  '*.message.text',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'amount',
  '*.amount',
  'balance',
  '*.balance',
  'entities',
  '*.entities',
];

/**
 * The allow-list: the only fields whose values reach a log line. Ids, codes, counts, durations and
 * enums — never figures, names, text or tokens. Any other field is logged as `[redacted]` (its name
 * stays, so a developer sees what was dropped); objects and arrays are filtered the same way. To
 * log a new field, add its name here after checking it can never carry customer data.
 */
export const LOG_FIELDS: ReadonlySet<string> = new Set(
  [
    // pino's own and the base bindings
    'app pid hostname err',
    // where and what
    'channel turn trace messageId intent connector operation scope kind ref id view mode storage port publicUrl',
    'signal role status reason echo attachments',
    // codes, outcomes, counts and timings
    'code errorCode outcome at ms durationMs delayMs startupMs retryMs bytes events users inFlight claimed',
    'deliveries deadStream warnings count attempt action agent',
    // Graph API failures (codes and a trace id, never the message)
    'graph subcode type fbtraceId',
    // the audit trail (allow-listed itself, see src/audit/schema.ts) and the erasure record
    'audit user erasure erasedAt subjectHash removed',
  ]
    .join(' ')
    .split(' '),
);

/** Fields whose value is a map of names to counts (e.g. the erasure record's `removed`). */
const COUNT_MAPS: ReadonlySet<string> = new Set(['removed']);

const CENSOR = '[redacted]';

/** Keeps allow-listed fields, censors the rest, recursively (errors go to their serializer). */
export function allowListed(obj: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (!LOG_FIELDS.has(key)) out[key] = CENSOR;
    else if (key === 'err' || value === null || typeof value !== 'object') out[key] = value;
    else if (COUNT_MAPS.has(key) && Object.values(value).every((v) => typeof v === 'number'))
      out[key] = value;
    else if (Array.isArray(value))
      out[key] = value.map((v) => (v !== null && typeof v === 'object' ? CENSOR : v));
    else out[key] = depth >= 3 ? CENSOR : allowListed(value as Record<string, unknown>, depth + 1);
  }
  return out;
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const opts: pino.LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { app: 'teller' },
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: { log: (obj) => allowListed(obj), bindings: (b) => allowListed(b) },
    serializers: { err: safeErrorSerializer },
  };
  const logger = options.destination ? pino(opts, options.destination) : pino(opts);
  // pino does not format a child's bindings: filter them here (children of children inherit this).
  const child = logger.child as unknown as (...args: unknown[]) => unknown;
  logger.child = function (this: unknown, bindings: pino.Bindings, ...rest: unknown[]) {
    return child.call(this, allowListed(bindings), ...rest);
  } as unknown as typeof logger.child;
  return logger;
}

/** Errors keep their type, code and stack, but never a `cause` payload (it may carry upstream data). */
function safeErrorSerializer(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  return {
    type: err.name,
    code: (err as { code?: unknown }).code,
    message: err.message,
    stack: err.stack,
  };
}

/** A logger that discards everything (tests, terminal chat). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
