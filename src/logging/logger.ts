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

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const opts: pino.LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { app: 'teller' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: safeErrorSerializer },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
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
