import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TakeableStorage } from '../session/types';

/** An authorization request in flight: everything the callback needs, kept server-side only. */
export interface PendingFlow {
  channel: string;
  userId: string;
  connector: string;
  /** SHA-256 of the link token that started it. */
  linkToken: string;
  /** SHA-256 of the browser-binding cookie of the browser that started it. */
  browser: string;
  codeVerifier: string;
  nonce: string;
  /** OAuth scopes asked for. */
  scopes: string[];
  /** The connector's `prepareAuthorization` context (ids only). */
  context?: Record<string, string>;
  /** Messenger account linking: where to send the browser back when done. */
  messengerRedirect?: string;
  expiresAt: number;
}

/** Which chat a browser is linking for: lets a callback with a wrong state still reach the chat. */
export interface BrowserFlow {
  channel: string;
  userId: string;
  connector: string;
}

export const FLOW_TTL_MS = 10 * 60_000;

function owner(flow: PendingFlow): BrowserFlow {
  return { channel: flow.channel, userId: flow.userId, connector: flow.connector };
}

/** Random, URL-safe, 256 bits: states, nonces, browser bindings, Messenger codes. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Constant-time comparison of two hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A state, browser binding or code as we make them: 16–128 base64url characters. */
export function wellFormed(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value);
}

/**
 * Pending authorization requests, keyed by a hash of their `state`, single-use (taken atomically)
 * and short-lived. The store should be sealed by the vault: it holds PKCE verifiers and nonces.
 * Nothing here ever goes into a cookie or a URL except the state itself.
 */
export class OAuthFlows {
  constructor(
    private readonly flows: TakeableStorage<PendingFlow>,
    private readonly browsers: TakeableStorage<BrowserFlow>,
  ) {}

  async open(state: string, browserId: string, flow: PendingFlow): Promise<void> {
    await this.flows.write(`oauthflow:${sha256(state)}`, flow);
    await this.browsers.write(`oauthbrowser:${sha256(browserId)}`, owner(flow));
  }

  /** The flow for a state, used up; undefined when unknown or used. The caller checks `expiresAt`. */
  async take(state: string | undefined): Promise<PendingFlow | undefined> {
    if (!wellFormed(state)) return undefined;
    const flow = await this.flows.take(`oauthflow:${sha256(state)}`);
    if (!flow) return undefined;
    // Remember whose it was: a replayed callback is refused, and that chat is told.
    await this.browsers.write(`oauthused:${sha256(state)}`, owner(flow));
    return flow;
  }

  /** Whose flow a state was, once it has been used. */
  async used(state: string | undefined): Promise<BrowserFlow | undefined> {
    return wellFormed(state) ? this.browsers.read(`oauthused:${sha256(state)}`) : undefined;
  }

  /** The chat a browser was linking for (when its cookie is known). */
  async browser(browserId: string | undefined): Promise<BrowserFlow | undefined> {
    if (!wellFormed(browserId)) return undefined;
    return this.browsers.read(`oauthbrowser:${sha256(browserId)}`);
  }

  async forgetBrowser(browserId: string | undefined): Promise<void> {
    if (wellFormed(browserId)) await this.browsers.delete(`oauthbrowser:${sha256(browserId)}`);
  }
}
