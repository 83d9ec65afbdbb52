/** Who is linking: a chat user on one channel. */
export interface LinkUser {
  channel: string;
  userId: string;
}

/** A customer's opt-in at a bank, as Teller holds it. */
export interface Grant {
  connector: string;
  /** The bank's id for the customer. */
  subject: string;
  accessToken?: string;
  scopes: string[];
  /** Epoch ms. */
  grantedAt: number;
  /** When the access token expires (epoch ms), when the bank said. */
  expiresAt?: number;
  /**
   * Connector context kept from the authorization (e.g. an Open Banking consent id): ids only,
   * never secrets. Handed back to the connector's hooks when tokens arrive and on revocation.
   */
  context?: Record<string, string>;
}

/**
 * The link gate's view of account linking. `OAuthLinking` (OAuth2 + PKCE at the bank) and
 * `SandboxLinking` (a consent page, for tests and the terminal chat) implement it.
 */
export interface LinkingService {
  /** The user's current grant at `connector`, if they opted in. */
  grant(user: LinkUser, connector: string): Promise<Grant | undefined>;
  /** A single-use URL (10 minutes) that starts linking for this user at this connector. */
  startUrl(user: LinkUser, connector: string): Promise<string>;
  /** Revokes at the bank and forgets the grant. Returns false when nothing was linked. */
  unlink(user: LinkUser, connector: string): Promise<boolean>;
}

export function userKey(user: LinkUser): string {
  return `${user.channel}:${user.userId}`;
}
