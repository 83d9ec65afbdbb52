import type * as client from 'openid-client';
import type { Grant, LinkUser } from './types';

/** What a connector adds to an authorization request. */
export interface AuthorizationPreparation {
  /** Replaces the OAuth scopes asked for. Keep them least-privilege and read-only. */
  scopes?: string[];
  /**
   * Extra authorization request parameters (e.g. a signed `request` object carrying an Open
   * Banking consent id). They cannot replace state, nonce, PKCE, redirect_uri, client_id,
   * response_type or scope.
   */
  extraParams?: Record<string, string>;
  /** Ids (never secrets) kept with the state, then with the grant; handed back to the hooks below. */
  context?: Record<string, string>;
}

/** An opt-in the customer may tick on Teller's own page before going to the bank. */
export interface LinkChoice {
  /** Sent back as a form value: `[a-z_]+`. */
  name: string;
  /** What ticking it shares, in the customer's words. */
  label: string;
}

/**
 * Per-connector hooks around the OAuth flow. UK Open Banking, for example, must create an
 * account-access-consent before the redirect and put its id in the authorization request:
 *
 * ```ts
 * hooks: {
 *   async prepareAuthorization(user) {
 *     const consentId = await ob.createAccountAccessConsent(['ReadAccountsBasic', 'ReadBalances']);
 *     return { scopes: ['openid', 'accounts'], extraParams: { request: await ob.requestObject(consentId) },
 *              context: { consentId } };
 *   },
 *   onRevoke: (user, grant) => ob.deleteAccountAccessConsent(grant.context!.consentId!),
 * }
 * ```
 */
export interface OAuthConnectorHooks {
  /**
   * Opt-ins offered, all unticked (least privilege), on a page `/link/start` shows before the
   * redirect: for banks where Teller, not the bank, decides what is asked for (Open Banking: the
   * consent's permissions are fixed before the customer reaches the bank).
   */
  choices?: LinkChoice[];
  /**
   * Runs once per link attempt, after the link token is used and before the redirect to the bank.
   * `chosen`: the names of the `choices` the customer ticked.
   */
  prepareAuthorization?(user: LinkUser, chosen: string[]): Promise<AuthorizationPreparation>;
  /**
   * Runs after the code exchange and before the grant is stored (`grant.context` is the prepared
   * context). Throwing refuses the link: nothing is stored and the chat is told.
   */
  onTokens?(user: LinkUser, grant: Grant, claims: client.IDToken | undefined): Promise<void>;
  /** Runs on unlink after the bank revoked the tokens (e.g. delete the Open Banking consent). */
  onRevoke?(user: LinkUser, grant: Grant): Promise<void>;
}

/** Why a link attempt ended without a grant; the chat is told in calm words. */
export type LinkFailure = 'expired' | 'mismatch' | 'refused' | 'replayed' | 'unavailable';
