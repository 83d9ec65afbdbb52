import * as client from 'openid-client';
import type { BankConnector } from '../connectors/types';
import type { ConsentLedger } from '../consent';
import { errorCode, TellerError } from '../engine/errors';
import type { Logger } from '../logging/logger';
import type { VaultGrant } from '../vault';
import {
  checkMessengerRedirect,
  MESSENGER_REDIRECT_BASES,
  messengerReturn,
  type MessengerLinkCodes,
  type MessengerLinkEvent,
  type MessengerLinkParams,
} from './messenger-linking';
import type { OAuthClient } from './oauth-client';
import { FLOW_TTL_MS, randomToken, sameHash, sha256, wellFormed, type OAuthFlows } from './oauth-flows';
import { OAuthGrants, type OAuthGrantStore } from './oauth-grants';
import type { AuthorizationPreparation, LinkChoice, LinkFailure, OAuthConnectorHooks } from './oauth-hooks';
import { linkTokenHash, type LinkTokens } from './tokens';
import type { LinkingService, LinkUser } from './types';

export interface OAuthLinkingOptions {
  connector: BankConnector;
  client: OAuthClient;
  /** OAuth scopes asked for; default `openid accounts balances transactions`. */
  scopes?: string[];
  /** OAuth scope → Teller scope; default accounts/balances/transactions → `<name>:read`. */
  scopeMap?: Readonly<Record<string, string>>;
  grants: OAuthGrantStore;
  tokens: LinkTokens;
  flows: OAuthFlows;
  /** Public base URL of the app, e.g. https://bank.example/teller — no trailing slash. */
  publicUrl: string;
  ledger?: ConsentLedger;
  hooks?: OAuthConnectorHooks;
  /** Messenger account linking: codes for the `account_linking` event, and allowed redirect_uri bases. */
  messenger?: { codes: MessengerLinkCodes; redirectBases?: string[] };
  /** The customer approved and the grant is stored: the chat confirms and answers what was waiting. */
  onLinked(user: LinkUser, connector: string): Promise<void>;
  /** The customer declined at the bank. */
  onDeclined(user: LinkUser, connector: string): Promise<void>;
  /** The attempt failed; nothing was stored. */
  onFailed(user: LinkUser, connector: string, why: LinkFailure): Promise<void>;
  /** Messenger reported the customer unlinked there; the grant was revoked and deleted. */
  onUnlinked?(user: LinkUser, connector: string): Promise<void>;
  logger: Logger;
  now?: () => number;
}

/** Where /link/start sends the browser, and the cookie that binds the flow to that browser. */
export interface AuthorizationRedirect {
  url: string;
  browserId: string;
}

export type CallbackResult = { outcome: 'linked' | 'declined'; redirect?: string };

const RESERVED = new Set([
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'redirect_uri',
  'client_id',
  'response_type',
  'scope',
]);

export const DEFAULT_OAUTH_SCOPES = ['openid', 'accounts', 'balances', 'transactions'];

/**
 * Account linking with the bank's own OAuth2 / OpenID Connect authorization server (RFC 9700):
 * authorization code flow with PKCE S256, `state` and `nonce` kept server-side (single-use,
 * 10 minutes, bound to the chat user, the link token and the browser), issuer checked, exact
 * redirect URI, tokens only in the vault-sealed grant store and never in URLs or logs.
 */
export class OAuthLinking implements LinkingService {
  readonly kind = 'oauth';
  private readonly grants: OAuthGrants;
  private readonly now: () => number;

  constructor(private readonly o: OAuthLinkingOptions) {
    this.now = o.now ?? Date.now;
    this.grants = new OAuthGrants({
      connector: o.connector,
      client: o.client,
      grants: o.grants,
      ledger: o.ledger,
      hooks: o.hooks,
      scopeMap: o.scopeMap,
      logger: o.logger,
      now: this.now,
    });
  }

  get publicUrl(): string {
    return this.o.publicUrl;
  }

  get connectorName(): string {
    return this.o.connector.displayName;
  }

  /** The grant, refreshed first when its access token has expired (refresh tokens rotate). */
  grant(user: LinkUser, connector: string): Promise<VaultGrant | undefined> {
    return this.grants.current(user, connector);
  }

  async startUrl(user: LinkUser, connector: string): Promise<string> {
    const t = await this.o.tokens.issue(user, connector);
    return `${this.o.publicUrl}/link/start?t=${encodeURIComponent(t)}`;
  }

  unlink(user: LinkUser, connector: string): Promise<boolean> {
    return this.grants.revoke(user, connector);
  }

  /** The connector's opt-ins shown before the redirect (none: /link/start redirects at once). */
  get choices(): readonly LinkChoice[] {
    return this.o.hooks?.choices ?? [];
  }

  /** Checks a link token for the choice page without using it up. */
  async inspect(t: string): Promise<void> {
    await this.o.tokens.peek(t);
  }

  /**
   * GET /link/start: uses the link token up and returns the bank's authorization URL. `browserId`
   * is the browser's existing binding cookie, if any (a new one is made otherwise).
   */
  async begin(
    t: string,
    browserId: string | undefined,
    messenger: MessengerLinkParams = {},
    chosen: string[] = [],
  ): Promise<AuthorizationRedirect> {
    const messengerRedirect =
      messenger.redirectUri !== undefined
        ? checkMessengerRedirect(
            messenger.redirectUri,
            this.o.messenger?.redirectBases ?? MESSENGER_REDIRECT_BASES,
          )
        : undefined;
    // The bank's metadata first: if it is unreachable the link token is not used up.
    let config: client.Configuration;
    try {
      config = await this.o.client.config();
    } catch (err) {
      const waiting = await this.o.tokens.peek(t).catch(() => undefined);
      if (waiting) await this.tell(waiting, waiting.connector, 'unavailable');
      throw err;
    }
    let record;
    try {
      record = await this.o.tokens.consume(t);
    } catch (err) {
      const owner = await this.o.tokens.owner(t);
      if (owner) await this.tell(owner, owner.connector, 'expired');
      throw err;
    }
    const user = { channel: record.channel, userId: record.userId };
    if (record.connector !== this.o.connector.id)
      throw new TellerError('TELLER_ERR_LINK_TOKEN', 'Link token is for another bank');
    let prepared: AuthorizationPreparation;
    try {
      const offered = new Set(this.choices.map((c) => c.name));
      const ticked = [...new Set(chosen)].filter((name) => offered.has(name));
      prepared = (await this.o.hooks?.prepareAuthorization?.(user, ticked)) ?? {};
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'connector could not prepare the authorization');
      await this.tell(user, record.connector, 'unavailable');
      throw err;
    }
    const scopes = prepared.scopes ?? this.o.scopes ?? DEFAULT_OAUTH_SCOPES;
    const state = randomToken();
    const nonce = randomToken();
    const codeVerifier = client.randomPKCECodeVerifier();
    const browser = wellFormed(browserId) ? browserId : randomToken();
    await this.o.flows.open(state, browser, {
      ...user,
      connector: record.connector,
      linkToken: linkTokenHash(t),
      browser: sha256(browser),
      codeVerifier,
      nonce,
      scopes,
      context: prepared.context,
      messengerRedirect,
      expiresAt: this.now() + FLOW_TTL_MS,
    });
    const extra = Object.entries(prepared.extraParams ?? {}).filter(([k]) => !RESERVED.has(k));
    const url = client.buildAuthorizationUrl(config, {
      // The customer signs in and consents each time they link (a connector may change this).
      prompt: 'login consent',
      ...Object.fromEntries(extra),
      redirect_uri: this.o.client.settings.redirectUri,
      scope: scopes.join(' '),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, browserId: browser };
  }

  /**
   * GET /link/callback: checks the state (single-use, this browser), exchanges the code with the
   * PKCE verifier, checks the ID token's issuer, audience and nonce, stores the grant sealed and
   * records the consent. On any failure nothing is stored and the chat is told.
   */
  async complete(query: URLSearchParams, browserId: string | undefined): Promise<CallbackResult> {
    const state = query.get('state') ?? undefined;
    const flow = await this.o.flows.take(state);
    if (!flow) {
      // A replayed callback (its code with it) is refused here, before the bank sees it again.
      const used = await this.o.flows.used(state);
      const waiting = used ?? (await this.o.flows.browser(browserId));
      if (waiting) await this.tell(waiting, waiting.connector, used ? 'replayed' : 'mismatch');
      throw new TellerError('TELLER_ERR_LINK_STATE', 'Unknown, used or expired state');
    }
    const user = { channel: flow.channel, userId: flow.userId };
    if (flow.expiresAt <= this.now()) {
      await this.tell(user, flow.connector, 'expired');
      throw new TellerError('TELLER_ERR_LINK_STATE', 'The link expired at the bank');
    }
    if (!wellFormed(browserId) || !sameHash(sha256(browserId), flow.browser)) {
      await this.tell(user, flow.connector, 'mismatch');
      throw new TellerError('TELLER_ERR_LINK_STATE', 'The link was completed in another browser');
    }
    await this.o.flows.forgetBrowser(browserId);
    const back = (code?: string) =>
      flow.messengerRedirect ? messengerReturn(flow.messengerRedirect, code) : undefined;

    let grant: VaultGrant;
    let claims: client.IDToken | undefined;
    try {
      const config = await this.o.client.config();
      const callbackUrl = new URL(this.o.client.settings.redirectUri);
      callbackUrl.search = query.toString();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      grant = this.grants.fromTokens(flow.connector, tokens, flow.scopes, claims?.sub);
      if (flow.context) grant.context = flow.context;
    } catch (err) {
      if (err instanceof client.AuthorizationResponseError && err.error === 'access_denied') {
        this.o.logger.info({ connector: flow.connector }, 'link declined at the bank');
        await this.o.onDeclined(user, flow.connector);
        return { outcome: 'declined', redirect: back() };
      }
      const down = unavailable(err);
      const code = down ? 'TELLER_ERR_CONNECTOR_UNAVAILABLE' : 'TELLER_ERR_LINK_EXCHANGE';
      this.o.logger.warn({ code, reason: safeReason(err) }, 'code exchange failed');
      await this.tell(user, flow.connector, down ? 'unavailable' : 'refused');
      throw new TellerError(code);
    }
    try {
      await this.o.hooks?.onTokens?.(user, grant, claims);
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'connector refused the new grant');
      await this.grants.revokeAtBank(grant).catch(() => undefined);
      await this.tell(user, flow.connector, 'refused');
      throw new TellerError('TELLER_ERR_LINK_EXCHANGE', 'The connector refused the grant');
    }
    await this.grants.store(user, grant);
    this.o.logger.info({ connector: flow.connector, scope: grant.scopes.join(' ') }, 'account linked');
    if (flow.messengerRedirect && this.o.messenger) {
      // Messenger confirms with an account_linking event carrying this code; the chat resumes then.
      const code = await this.o.messenger.codes.issue(user, flow.connector);
      return { outcome: 'linked', redirect: back(code) };
    }
    await this.resume(user, flow.connector);
    return { outcome: 'linked' };
  }

  /**
   * Messenger's `account_linking` event. `linked` carries the code we gave Messenger: the chat
   * confirms and answers what was waiting. `unlinked` (the customer unlinked in Messenger) revokes.
   */
  async messengerEvent(psid: string, event: MessengerLinkEvent): Promise<void> {
    const user = { channel: 'messenger', userId: psid };
    if (event.status === 'unlinked') {
      if (await this.unlink(user, this.o.connector.id)) await this.o.onUnlinked?.(user, this.o.connector.id);
      return;
    }
    const connector = await this.o.messenger?.codes.take(user, event.authorizationCode);
    if (!connector) {
      this.o.logger.warn({ code: 'TELLER_ERR_LINK_STATE' }, 'account_linking event with an unknown code');
      return;
    }
    await this.resume(user, connector);
  }

  /** The chat confirms and answers; the grant is stored whatever happens there. */
  private async resume(user: LinkUser, connector: string): Promise<void> {
    try {
      await this.o.onLinked(user, connector);
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'could not resume the chat after linking');
    }
  }

  private async tell(user: LinkUser, connector: string, why: LinkFailure): Promise<void> {
    try {
      await this.o.onFailed({ channel: user.channel, userId: user.userId }, connector, why);
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'could not tell the chat about a failed link');
    }
  }
}

/** The bank could not be reached or answered 5xx (as opposed to refusing). */
function unavailable(err: unknown): boolean {
  if (err instanceof client.ResponseBodyError) return err.status >= 500;
  if (err instanceof TellerError) return err.code === 'TELLER_ERR_CONNECTOR_UNAVAILABLE';
  const name = (err as { name?: unknown } | null)?.name;
  return err instanceof TypeError || name === 'TimeoutError' || name === 'AbortError';
}

/** An OAuth error's code (e.g. `invalid_grant`) for the log: never its text, URL or parameters. */
export function safeReason(err: unknown): string {
  if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError)
    return err.error;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}
