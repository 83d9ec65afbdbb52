import * as client from 'openid-client';

export interface IntrospectionOptions {
  /** The bank's OpenID provider (its metadata names the introspection endpoint). */
  issuer: string;
  /** The resource server's own credentials at the provider. */
  clientId: string;
  clientSecret: string;
  /** Plain-http issuer: only for the sandbox bank on loopback. */
  allowInsecureRequests?: boolean;
}

/** A customer token as the Open Banking server needs it: the consent it was granted for, and who. */
export type TokenResolver = (token: string) => Promise<{ consentId: string; subject: string } | undefined>;

/**
 * The Open Banking server's `resolveToken` through RFC 7662 introspection at the bank's OpenID
 * provider (openid-client): an access token is good when the provider says it is active and it
 * carries the `openbanking_intent_id` the customer authorised. Discovery runs once, lazily.
 */
export function introspectionResolver(o: IntrospectionOptions): TokenResolver {
  let config: Promise<client.Configuration> | undefined;
  const discover = () =>
    client.discovery(
      new URL(o.issuer),
      o.clientId,
      o.clientSecret,
      client.ClientSecretBasic(o.clientSecret),
      { execute: o.allowInsecureRequests ? [client.allowInsecureRequests] : [] },
    );
  return async (token) => {
    config ??= discover().catch((err: unknown) => {
      config = undefined;
      throw err;
    });
    const info = await client.tokenIntrospection(await config, token, { token_type_hint: 'access_token' });
    const consentId = info.openbanking_intent_id;
    if (!info.active || typeof consentId !== 'string' || typeof info.sub !== 'string') return undefined;
    return { consentId, subject: info.sub };
  };
}
