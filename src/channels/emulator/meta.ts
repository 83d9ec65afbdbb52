import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';

/**
 * Small pieces of Meta's wire protocol the emulator reproduces: webhook signatures, the
 * `appsecret_proof` Graph parameter, message ids and Graph error bodies.
 */

/** `X-Hub-Signature-256` value Meta puts on every webhook POST: `sha256=` + HMAC-SHA256(body). */
export function signatureSha256(appSecret: string, body: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex');
}

/** Legacy `X-Hub-Signature` (SHA-1) Meta still sends alongside the SHA-256 one. */
export function signatureSha1(appSecret: string, body: string | Buffer): string {
  return 'sha1=' + createHmac('sha1', appSecret).update(body).digest('hex');
}

/** Graph's `appsecret_proof`: HMAC-SHA256 of the access token, keyed by the app secret, hex. */
export function appSecretProof(appSecret: string, accessToken: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/** Constant-time string comparison (false on different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A message id shaped like Meta's (`m_` + URL-safe base64). */
export function newMid(): string {
  return 'm_' + randomBytes(24).toString('base64url');
}

/** A numeric id the length of a page-scoped id (PSID) or page id. */
export function newNumericId(digits = 16): string {
  let id = String(1 + (randomBytes(1)[0]! % 9));
  while (id.length < digits) id += String(randomBytes(1)[0]! % 10);
  return id;
}

export function newTraceId(): string {
  return randomBytes(8).toString('base64url');
}

export interface GraphError {
  message: string;
  type: 'OAuthException' | 'GraphMethodException';
  code: number;
  error_subcode?: number;
}

/** Errors the fake Graph API answers with, worded as Meta words them. */
export const GRAPH_ERRORS = {
  noToken: {
    message: 'An active access token must be used to query information about the current user.',
    type: 'OAuthException',
    code: 2500,
  },
  badToken: {
    message: 'Invalid OAuth access token - Cannot parse access token',
    type: 'OAuthException',
    code: 190,
  },
  noProof: {
    message: 'API calls from the server require an appsecret_proof argument',
    type: 'GraphMethodException',
    code: 100,
  },
  badProof: {
    message: 'Invalid appsecret_proof provided in the API argument',
    type: 'GraphMethodException',
    code: 100,
  },
  noUser: {
    message: '(#100) No matching user found',
    type: 'OAuthException',
    code: 100,
    error_subcode: 2018001,
  },
} satisfies Record<string, GraphError>;

/** An invalid-parameter error, `(#100) …` like Meta's. */
export function paramError(message: string): GraphError {
  return { message: `(#100) ${message}`, type: 'OAuthException', code: 100 };
}

export function sendGraphError(res: Response, error: GraphError, status = 400): void {
  const fbtrace_id = newTraceId();
  res
    .status(status)
    .set({ 'x-fb-trace-id': fbtrace_id, 'Cache-Control': 'no-store' })
    .json({ error: { ...error, fbtrace_id } });
}
