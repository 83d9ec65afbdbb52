import { TellerError } from '../engine/errors';
import type { TakeableStorage } from '../session/types';
import { randomToken, sha256, wellFormed } from './oauth-flows';
import type { LinkUser } from './types';

/**
 * Where Messenger's `account_link` button may ask us to send the browser back. Meta appends its
 * own `redirect_uri`; anything else is an open-redirect attempt and is refused.
 */
export const MESSENGER_REDIRECT_BASES = ['https://www.facebook.com/messenger_platform/account_linking/'];

/** Messenger's view of account linking (its `messaging_account_linking` webhook event). */
export interface MessengerLinkEvent {
  status: 'linked' | 'unlinked';
  authorizationCode?: string;
}

/** Messenger's two parameters on our link URL, when the link was opened from an account_link button. */
export interface MessengerLinkParams {
  accountLinkingToken?: string;
  redirectUri?: string;
}

function base(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** The redirect_uri, checked against the allow-list (scheme, host, port and path must match exactly). */
export function checkMessengerRedirect(redirectUri: string, allowed: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new TellerError('TELLER_ERR_LINK_REDIRECT', 'redirect_uri is not a URL');
  }
  const ok =
    !url.username &&
    !url.password &&
    !url.hash &&
    allowed.some((a) => {
      const b = new URL(a);
      return base(b) === base(url);
    });
  if (!ok) throw new TellerError('TELLER_ERR_LINK_REDIRECT');
  return url.href;
}

/** The redirect back to Messenger, with `authorization_code` on success and without on failure. */
export function messengerReturn(redirectUri: string, authorizationCode?: string): string {
  const url = new URL(redirectUri);
  if (authorizationCode) url.searchParams.set('authorization_code', authorizationCode);
  return url.href;
}

interface CodeRecord {
  connector: string;
}

/** Bound to the chat user: an event for another PSID finds nothing (and uses nothing up). */
function codeKey(user: LinkUser, code: string): string {
  return `msglink:${sha256(JSON.stringify([user.channel, user.userId, code]))}`;
}

/**
 * The `authorization_code` we hand Messenger after a successful link. It is not an OAuth code: a
 * random single-use handle (only its hash is stored, 10 minutes) that Messenger sends back in the
 * `account_linking` event, so the event can be tied to the chat that linked.
 */
export class MessengerLinkCodes {
  constructor(private readonly store: TakeableStorage<CodeRecord>) {}

  async issue(user: LinkUser, connector: string): Promise<string> {
    const code = randomToken();
    await this.store.write(codeKey(user, code), { connector });
    return code;
  }

  /** The connector this user's code linked, used up; undefined for an unknown, used or foreign code. */
  async take(user: LinkUser, code: string | undefined): Promise<string | undefined> {
    if (!wellFormed(code)) return undefined;
    return (await this.store.take(codeKey(user, code)))?.connector;
  }
}
