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
}

/**
 * The link gate's view of account linking. The sandbox consent page implements it today; the
 * OAuth2 + PKCE flow plugs in behind the same interface.
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
