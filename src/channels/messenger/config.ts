import { z } from 'zod';
import { TellerError } from '../../engine/errors';

/** The Graph API version Teller targets; override the whole base URL with MESSENGER_GRAPH_URL. */
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v23.0';
export const DEFAULT_WEBHOOK_MAX_BYTES = 1024 * 1024;
export const DEFAULT_SEND_RATE_PER_SECOND = 250;

export interface MessengerConfig {
  /** App secret: verifies webhook signatures and signs Graph calls (appsecret_proof). */
  appSecret: string;
  /** The string typed in the app dashboard when subscribing the webhook. */
  verifyToken: string;
  /** The Page access token used by the Send API. */
  pageAccessToken: string;
  /** Graph API base URL including the version, without a trailing slash. */
  graphUrl: string;
  /** Largest webhook body accepted, in bytes (larger → 413). */
  webhookMaxBytes: number;
  /** Send API calls per second for the page, across all users. */
  sendRatePerSecond: number;
}

const REQUIRED = ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'] as const;

const optional = z.object({
  MESSENGER_GRAPH_URL: z.string().url().default(DEFAULT_GRAPH_URL),
  MESSENGER_WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_WEBHOOK_MAX_BYTES),
  MESSENGER_SEND_RATE: z.coerce.number().positive().default(DEFAULT_SEND_RATE_PER_SECOND),
});

/**
 * Whether the deployment asked for Messenger: `MESSENGER_ENABLED=true`, or any of its secrets set.
 * `MESSENGER_ENABLED=false` turns it off even when secrets are present.
 */
export function messengerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.MESSENGER_ENABLED?.trim().toLowerCase();
  if (flag === 'false' || flag === '0' || flag === 'no') return false;
  if (flag === 'true' || flag === '1' || flag === 'yes') return true;
  return REQUIRED.some((name) => Boolean(env[name]?.trim()));
}

/**
 * Reads the Messenger settings. When the channel is enabled (or `required`), a missing secret
 * throws TELLER_ERR_CONFIG naming the variable; when it is not enabled, returns undefined.
 */
export function loadMessengerConfig(env: NodeJS.ProcessEnv, options: { required: true }): MessengerConfig;
export function loadMessengerConfig(
  env?: NodeJS.ProcessEnv,
  options?: { required?: boolean },
): MessengerConfig | undefined;
export function loadMessengerConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { required?: boolean } = {},
): MessengerConfig | undefined {
  if (!options.required && !messengerEnabled(env)) return undefined;
  for (const name of REQUIRED)
    if (!env[name]?.trim())
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `${name} is not set: the Messenger channel needs MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN`,
      );
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = optional.safeParse(blankless);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `Invalid ${issue?.path.join('.') ?? 'Messenger setting'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return {
    appSecret: env.MESSENGER_APP_SECRET!.trim(),
    verifyToken: env.MESSENGER_VERIFY_TOKEN!.trim(),
    pageAccessToken: env.MESSENGER_PAGE_ACCESS_TOKEN!.trim(),
    graphUrl: parsed.data.MESSENGER_GRAPH_URL.replace(/\/+$/, ''),
    webhookMaxBytes: parsed.data.MESSENGER_WEBHOOK_MAX_BYTES,
    sendRatePerSecond: parsed.data.MESSENGER_SEND_RATE,
  };
}
