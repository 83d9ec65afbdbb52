import { randomBytes } from 'node:crypto';
import type { BankConnector } from '../connectors/types';
import type { ConsentLedger } from '../consent';
import { TellerError } from '../engine/errors';
import type { GrantStore } from './grants';
import type { LinkTokens, LinkTokenRecord } from './tokens';
import type { Grant, LinkingService, LinkUser } from './types';

/** Read-only scopes: the most any Teller intent can ask for. */
export const READ_SCOPES = ['accounts:read', 'balances:read', 'transactions:read'];

export interface SandboxLinkingOptions {
  connector: BankConnector;
  grants: GrantStore;
  tokens: LinkTokens;
  /** Public base URL of the app, e.g. https://bank.example/teller — no trailing slash. */
  publicUrl: string;
  /** Called once a customer approved; the bot resumes the question that was waiting. */
  onLinked: (user: LinkUser, connector: string) => Promise<void>;
  /** Records each opt-in and revocation (scopes, when, expiry). */
  ledger?: ConsentLedger;
  /** Called when the customer declined; the chat says nothing was shared. */
  onDeclined?: (user: LinkUser, connector: string) => Promise<void>;
  /** Demo identities the consent page offers (the sandbox has no real login). */
  customers: () => { id: string; name: string }[];
  /** The identity pre-selected for a chat user. */
  defaultCustomer: (user: LinkUser) => string;
  now?: () => number;
}

/**
 * Account linking for the sandbox bank without OAuth: a consent page the app serves (GET the link
 * URL → consent form → POST approve → done). Used by tests (`makeTestBot`) and the terminal chat,
 * which have no browser; the demo bank links through `OAuthLinking` and the sandbox bank's OpenID
 * provider (src/connectors/sandbox/idp).
 */
export class SandboxLinking implements LinkingService {
  readonly kind = 'sandbox';

  constructor(private readonly o: SandboxLinkingOptions) {}

  grant(user: LinkUser, connector: string): Promise<Grant | undefined> {
    return this.o.grants.get(user, connector);
  }

  async startUrl(user: LinkUser, connector: string): Promise<string> {
    const t = await this.o.tokens.issue(user, connector);
    return `${this.o.publicUrl}/link/start?t=${encodeURIComponent(t)}`;
  }

  /** Validates a token for the consent page without using it. */
  inspect(token: string): Promise<LinkTokenRecord> {
    return this.o.tokens.peek(token);
  }

  /** The customer approved at the bank as `subject`: store the grant and resume the chat. */
  async approve(token: string, subject: string): Promise<LinkUser> {
    if (!this.o.customers().some((c) => c.id === subject))
      throw new TellerError('TELLER_ERR_CONNECTOR_AUTH', 'Unknown sandbox customer');
    const record = await this.o.tokens.consume(token);
    if (record.connector !== this.o.connector.id)
      throw new TellerError('TELLER_ERR_LINK_TOKEN', 'Link token is for another bank');
    const user = { channel: record.channel, userId: record.userId };
    const grant: Grant = {
      connector: record.connector,
      subject,
      accessToken: randomBytes(24).toString('base64url'),
      scopes: READ_SCOPES,
      grantedAt: (this.o.now ?? Date.now)(),
    };
    // Prove the bank knows this customer before telling the chat it worked.
    await this.o.connector.accounts({
      subject: grant.subject,
      accessToken: grant.accessToken,
      scopes: grant.scopes,
    });
    await this.o.grants.put(user, grant);
    await this.o.ledger?.grant(user, record.connector, grant.scopes, grant.grantedAt);
    await this.o.onLinked(user, record.connector);
    return user;
  }

  /** The customer declined: the token is used up and nothing is stored. */
  async decline(token: string): Promise<LinkUser> {
    const record = await this.o.tokens.consume(token);
    const user = { channel: record.channel, userId: record.userId };
    await this.o.onDeclined?.(user, record.connector);
    return user;
  }

  customers(): { id: string; name: string }[] {
    return this.o.customers();
  }

  defaultCustomer(user: LinkUser): string {
    return this.o.defaultCustomer(user);
  }

  get connectorName(): string {
    return this.o.connector.displayName;
  }

  async unlink(user: LinkUser, connector: string): Promise<boolean> {
    const grant = await this.o.grants.get(user, connector);
    if (!grant) return false;
    await this.o.connector.revoke({
      subject: grant.subject,
      accessToken: grant.accessToken,
      scopes: grant.scopes,
    });
    await this.o.grants.delete(user, connector);
    await this.o.ledger?.revoke(user, connector, (this.o.now ?? Date.now)());
    return true;
  }
}
