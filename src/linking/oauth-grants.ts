import * as client from 'openid-client';
import type { BankConnector } from '../connectors/types';
import type { ConsentLedger } from '../consent';
import { errorCode, TellerError } from '../engine/errors';
import type { Logger } from '../logging/logger';
import type { VaultGrant } from '../vault';
import type { OAuthClient } from './oauth-client';
import type { OAuthConnectorHooks } from './oauth-hooks';
import { userKey, type LinkUser } from './types';

/** The vault-sealed grant store (`VaultedGrantStore`): tokens never reach storage in clear text. */
export interface OAuthGrantStore {
  get(user: LinkUser, connector: string): Promise<VaultGrant | undefined>;
  put(user: LinkUser, grant: VaultGrant): Promise<void>;
  delete(user: LinkUser, connector: string): Promise<void>;
}

/** Refresh this long before the bank's expiry, so a call does not race the clock. */
export const REFRESH_SKEW_MS = 30_000;

type TokenResponse = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

export interface OAuthGrantsOptions {
  connector: BankConnector;
  client: OAuthClient;
  grants: OAuthGrantStore;
  ledger?: ConsentLedger;
  hooks?: OAuthConnectorHooks;
  /** OAuth scope → Teller scope; default accounts/balances/transactions → `<name>:read`. */
  scopeMap?: Readonly<Record<string, string>>;
  logger: Logger;
  now: () => number;
}

/**
 * The token side of OAuth linking: builds grants from token responses, refreshes expired access
 * tokens (storing the rotated refresh token), and revokes at the bank (RFC 7009) on unlink.
 * Tokens are only handled in memory and in the vault; logs carry codes, never tokens.
 */
export class OAuthGrants {
  /**
   * Refreshes in flight, so two callers in this process share one: with rotation, a second use of
   * the same refresh token makes the bank revoke the whole grant. (The engine's per-user lock
   * already serialises a user's turns across processes.)
   */
  private readonly refreshing = new Map<string, Promise<VaultGrant | undefined>>();

  constructor(readonly o: OAuthGrantsOptions) {}

  /** A grant from a token response. `requested` applies when the bank did not echo the scope. */
  fromTokens(
    connector: string,
    tokens: TokenResponse,
    requested: string[],
    subject: string | undefined,
  ): VaultGrant {
    if (!subject) throw new TellerError('TELLER_ERR_LINK_EXCHANGE', 'The ID token has no subject');
    const now = this.o.now();
    const grant: VaultGrant = {
      connector,
      subject,
      accessToken: tokens.access_token,
      scopes: tellerScopes(tokens.scope ?? requested.join(' '), this.o.scopeMap),
      grantedAt: now,
    };
    if (tokens.refresh_token) grant.refreshToken = tokens.refresh_token;
    if (tokens.expires_in !== undefined) grant.expiresAt = now + tokens.expires_in * 1000;
    return grant;
  }

  /** Stores the grant sealed and records the opt-in in the consent ledger. */
  async store(user: LinkUser, grant: VaultGrant): Promise<void> {
    await this.o.grants.put(user, grant);
    await this.o.ledger?.grant(user, grant.connector, grant.scopes, grant.grantedAt);
  }

  /** The user's grant; refreshed first when the access token has expired. */
  async current(user: LinkUser, connector: string): Promise<VaultGrant | undefined> {
    const grant = await this.o.grants.get(user, connector);
    if (!grant?.refreshToken || grant.expiresAt === undefined) return grant;
    if (grant.expiresAt - REFRESH_SKEW_MS > this.o.now()) return grant;
    const key = `${userKey(user)}:${connector}`;
    let pending = this.refreshing.get(key);
    if (!pending) {
      pending = this.refresh(user, grant, grant.refreshToken).finally(() => this.refreshing.delete(key));
      this.refreshing.set(key, pending);
    }
    return pending;
  }

  private async refresh(
    user: LinkUser,
    grant: VaultGrant,
    refreshToken: string,
  ): Promise<VaultGrant | undefined> {
    const config = await this.o.client.config();
    let tokens: TokenResponse;
    try {
      tokens = await client.refreshTokenGrant(config, refreshToken);
    } catch (err) {
      if (err instanceof client.ResponseBodyError && err.status >= 400 && err.status < 500) {
        // Revoked or expired at the bank: forget it, so the link gate asks the customer again.
        this.o.logger.warn({ code: 'TELLER_ERR_LINK_REFRESH', reason: err.error }, 'bank refused refresh');
        await this.o.grants.delete(user, grant.connector);
        await this.o.ledger?.revoke(user, grant.connector, this.o.now());
        return undefined;
      }
      throw new TellerError('TELLER_ERR_CONNECTOR_UNAVAILABLE', 'The bank did not refresh the grant');
    }
    const next: VaultGrant = {
      connector: grant.connector,
      subject: grant.subject,
      accessToken: tokens.access_token,
      // Rotation: the bank may issue a new refresh token; the old one is then dead.
      refreshToken: tokens.refresh_token ?? refreshToken,
      scopes: tokens.scope ? tellerScopes(tokens.scope, this.o.scopeMap, grant.scopes) : grant.scopes,
      grantedAt: grant.grantedAt,
    };
    if (tokens.expires_in !== undefined) next.expiresAt = this.o.now() + tokens.expires_in * 1000;
    if (grant.context) next.context = grant.context;
    await this.o.grants.put(user, next);
    this.o.logger.debug(
      { connector: grant.connector, outcome: tokens.refresh_token ? 'rotated' : 'kept' },
      'grant refreshed',
    );
    return this.o.grants.get(user, grant.connector);
  }

  /**
   * Unlink: revokes at the bank (refresh token first: that ends the whole grant), tells the
   * connector, deletes the tokens and records the revocation. The tokens are deleted here even
   * when the bank cannot be reached; that failure is logged by code.
   */
  async revoke(user: LinkUser, connector: string): Promise<boolean> {
    const grant = await this.o.grants.get(user, connector);
    if (!grant) return false;
    try {
      await this.revokeAtBank(grant);
    } catch (err) {
      this.o.logger.warn(
        { code: 'TELLER_ERR_CONNECTOR_UNAVAILABLE', reason: errorCode(err) },
        'revocation failed',
      );
    }
    try {
      await this.o.hooks?.onRevoke?.(user, grant);
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'connector revocation hook failed');
    }
    await this.o.grants.delete(user, connector);
    await this.o.ledger?.revoke(user, connector, this.o.now());
    return true;
  }

  /** RFC 7009 revocation of both tokens, then the connector's own revoke (idempotent). */
  async revokeAtBank(grant: VaultGrant): Promise<void> {
    const config = await this.o.client.config();
    if (grant.refreshToken)
      await client.tokenRevocation(config, grant.refreshToken, { token_type_hint: 'refresh_token' });
    if (grant.accessToken)
      await client.tokenRevocation(config, grant.accessToken, { token_type_hint: 'access_token' });
    await this.o.connector.revoke({
      subject: grant.subject,
      accessToken: grant.accessToken,
      scopes: grant.scopes,
      // The bank-side consent the grant rests on (Open Banking), kept from the authorization.
      ...(grant.context?.consentId ? { consentId: grant.context.consentId } : {}),
    });
  }
}

/** Maps the bank's granted OAuth scopes to Teller's; unknown scopes (openid…) grant nothing. */
export function tellerScopes(
  granted: string,
  scopeMap: Readonly<Record<string, string>> | undefined,
  fallback: string[] = [],
): string[] {
  const map = scopeMap ?? DEFAULT_SCOPE_MAP;
  const scopes = [...new Set(granted.split(' ').flatMap((s) => (map[s] ? [map[s]] : [])))];
  return scopes.length > 0 ? scopes : fallback;
}

export const DEFAULT_SCOPE_MAP: Readonly<Record<string, string>> = {
  accounts: 'accounts:read',
  balances: 'balances:read',
  transactions: 'transactions:read',
};
