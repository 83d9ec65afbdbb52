import { Writable } from 'node:stream';
import type { MessengerConfig } from '../../../src/channels/messenger/config';
import { signBody } from '../../../src/channels/messenger/signature';
import { createLogger, type Logger } from '../../../src/logging/logger';

export const APP_SECRET = 'test-app-secret-0123456789';
export const VERIFY_TOKEN = 'test-verify-token';
export const PAGE_TOKEN = 'EAAB-test-page-token';
export const PAGE_ID = '1000000001';

export function testConfig(graphUrl: string, overrides: Partial<MessengerConfig> = {}): MessengerConfig {
  return {
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    pageAccessToken: PAGE_TOKEN,
    graphUrl,
    webhookMaxBytes: 1024 * 1024,
    sendRatePerSecond: 1000,
    ...overrides,
  };
}

/** POSTs a body to the webhook as Meta would: signed with the app secret unless told otherwise. */
export function postWebhook(
  base: string,
  body: unknown,
  o: { signature?: string | null; raw?: string } = {},
): Promise<Response> {
  const raw = o.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = o.signature === undefined ? signBody(raw, APP_SECRET) : o.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return fetch(`${base}/webhooks/messenger`, { method: 'POST', headers, body: raw });
}

let clock = 1_773_835_200_000;
let mids = 0;
export const nextMid = (): string => `m_test_${++mids}_${Math.random().toString(36).slice(2, 8)}`;

/** A `messaging[]` item from `psid` to the page. */
export function item(psid: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: ++clock, ...fields };
}

export const textMsg = (psid: string, text: string, mid = nextMid()) =>
  item(psid, { message: { mid, text } });

export function batch(...entries: { messaging?: unknown[]; standby?: unknown[] }[]): Record<string, unknown> {
  return { object: 'page', entry: entries.map((e) => ({ id: PAGE_ID, time: ++clock, ...e })) };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A real (redacting) Teller logger whose JSON lines the test can read. */
export function captureLogger(): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  raw: () => string;
} {
  let out = '';
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  return {
    logger,
    raw: () => out,
    lines: () =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
