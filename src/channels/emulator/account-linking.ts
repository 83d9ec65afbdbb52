import { randomBytes } from 'node:crypto';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Messenger's side of account linking. When a user taps an `account_link` button, Messenger opens
 * its URL with two parameters appended: `account_linking_token` (identifies the user to Messenger)
 * and `redirect_uri` (where the bank may send the browser when done, adding `authorization_code`
 * on success; Messenger then sends an `account_linking` webhook event). Teller's own flow doesn't
 * need them, but a bank's real login page may, so the emulator provides both.
 */
export class AccountLinkingTokens {
  private readonly tokens = new Map<string, { psid: string; expires: number }>();

  constructor(private readonly ttlMs = 15 * 60_000) {}

  issue(psid: string): string {
    const now = Date.now();
    for (const [t, v] of this.tokens) if (v.expires < now) this.tokens.delete(t);
    const token = 'ARR' + randomBytes(24).toString('base64url');
    this.tokens.set(token, { psid, expires: now + this.ttlMs });
    return token;
  }

  /** The PSID a token was issued to; each token works once. */
  take(token: string): string | undefined {
    const hit = this.tokens.get(token);
    this.tokens.delete(token);
    return hit && hit.expires >= Date.now() ? hit.psid : undefined;
  }
}

/** A copy of a Send API `message` whose `account_link` URLs carry Messenger's two parameters. */
export function withAccountLinkParams(message: Obj, issue: () => string, redirectBase: string): Obj {
  const payload = isObj(message.attachment) ? message.attachment.payload : undefined;
  if (!isObj(payload)) return message;
  const decorate = (buttons: unknown) =>
    Array.isArray(buttons)
      ? buttons.map((b: unknown) => {
          if (!isObj(b) || b.type !== 'account_link' || typeof b.url !== 'string') return b;
          const url = new URL(b.url);
          const token = issue();
          url.searchParams.set('account_linking_token', token);
          url.searchParams.set('redirect_uri', `${redirectBase}?account_linking_token=${token}`);
          return { ...b, url: url.toString() };
        })
      : buttons;
  const next: Obj = { ...payload };
  if (payload.buttons !== undefined) next.buttons = decorate(payload.buttons);
  if (Array.isArray(payload.elements))
    next.elements = payload.elements.map((e: unknown) =>
      isObj(e) ? { ...e, buttons: decorate(e.buttons) } : e,
    );
  return { ...message, attachment: { ...(message.attachment as Obj), payload: next } };
}
