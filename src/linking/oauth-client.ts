import * as client from 'openid-client';
import { TellerError } from '../engine/errors';

/** How Teller is registered at one bank's OAuth2 / OpenID Connect authorization server. */
export interface OAuthClientSettings {
  /** The issuer identifier; metadata comes from its `/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Exactly as registered at the bank, e.g. `https://bank.example/teller/link/callback`. */
  redirectUri: string;
  /**
   * Allows a plain-http issuer. Only for local development and the sandbox bank on loopback;
   * real banks are https.
   */
  allowInsecureRequests?: boolean;
  /** Request timeout in seconds for the bank's endpoints (openid-client's default is 30). */
  timeoutSeconds?: number;
}

/**
 * The bank's authorization server as openid-client v6 sees it. Discovery runs once, lazily (the
 * bank may start after Teller); a failed discovery is retried on the next use.
 */
export class OAuthClient {
  private pending?: Promise<client.Configuration>;

  constructor(readonly settings: OAuthClientSettings) {
    const { protocol } = new URL(settings.redirectUri);
    if (protocol !== 'https:' && protocol !== 'http:')
      throw new TellerError('TELLER_ERR_CONFIG', 'OAuth redirectUri must be an http(s) URL');
  }

  config(): Promise<client.Configuration> {
    this.pending ??= this.discover().catch((err: unknown) => {
      this.pending = undefined;
      throw new TellerError('TELLER_ERR_CONNECTOR_UNAVAILABLE', 'The bank’s OpenID discovery failed', {
        cause: err,
      });
    });
    return this.pending;
  }

  private async discover(): Promise<client.Configuration> {
    const s = this.settings;
    return client.discovery(
      new URL(s.issuer),
      s.clientId,
      s.clientSecret,
      client.ClientSecretBasic(s.clientSecret),
      { execute: s.allowInsecureRequests ? [client.allowInsecureRequests] : [], timeout: s.timeoutSeconds },
    );
  }
}
