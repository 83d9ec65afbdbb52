import { z } from 'zod';
import { TellerError } from '../engine/errors';

/** Environment settings for a Teller process. Every variable is optional in development. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  NODE_ENV: z.string().default('development'),
  TELLER_TIMEZONE: z.string().default('Europe/London'),
  TELLER_CACHE_DIR: z.string().default('.teller/cache'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type TellerConfig = z.infer<typeof schema> & { PUBLIC_URL: string };

/** Reads and validates configuration; an invalid variable fails start-up with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TellerConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `Invalid ${issue?.path.join('.') ?? 'setting'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const c = parsed.data;
  try {
    new Intl.DateTimeFormat('en', { timeZone: c.TELLER_TIMEZONE });
  } catch {
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `Invalid TELLER_TIMEZONE: ${c.TELLER_TIMEZONE} is not an IANA time zone`,
    );
  }
  return { ...c, PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '') };
}
