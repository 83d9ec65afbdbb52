import { createHash } from 'node:crypto';
import type { Router } from 'express';
import type { PlaidLink } from '../connectors/plaid/link';
import { PLAID_SCOPES } from '../connectors/plaid/link';
import { plaidWebhookRouter, type PlaidWebhookOptions } from '../connectors/plaid/webhook-handler';
import type { BankConnector, ConnectorGrant } from '../connectors/types';
import type { ConsentLedger } from '../consent';
import { errorCode, TellerError } from '../engine/errors';
import type { Logger } from '../logging/logger';
import type { TakeableStorage } from '../session/types';
import type { VaultGrant } from '../vault';
import type { OAuthGrantStore } from './oauth-grants';
import type { LinkTokens } from './tokens';
import { userKey, type LinkingService, type LinkUser } from './types';

export interface PlaidLinkingOptions {
  /** The Plaid connector: its `revoke` is `/item/remove`. */
  connector: BankConnector;
  link: PlaidLink;
  /** The vault-sealed grant store: the item's access token never reaches storage in clear. */
  grants: OAuthGrantStore;
  tokens: LinkTokens;
  /**
   * Which chat user owns an item, for webhooks: keyed by a SHA-256 of the item id, the user sealed
   * by the vault (a SealedStorage). No personal data in clear.
   */
  items: TakeableStorage<LinkUser>;
  /** Public base URL of the app, no trailing slash. */
  publicUrl: string;
  ledger?: ConsentLedger;
  /**
   * Plaid's sandbox: the link page offers "Continue with Plaid sandbox" as one of these test users
   * (`/sandbox/public_token/create`) instead of Plaid Link in the browser.
   */
  sandbox?: { users: () => { id: string; name: string }[]; defaultUser: (user: LinkUser) => string };
  /** SYNC_UPDATES_AVAILABLE handling: verified webhooks move the item's `/transactions/sync` cursor. */
  webhooks?: Omit<PlaidWebhookOptions, 'grantForItem'>;
  onLinked(user: LinkUser, connector: string): Promise<void>;
  onDeclined(user: LinkUser, connector: string): Promise<void>;
  /** The exchange failed; nothing was stored. */
  onFailed(user: LinkUser, connector: string): Promise<void>;
  logger: Logger;
  now?: () => number;
}

/** What the link page shows: the Link token for Plaid Link, or the sandbox's test users. */
export interface PlaidLinkStart {
  linkToken: string;
  sandbox?: { users: { id: string; name: string }[]; chosen: string };
}

/**
 * Account linking through Plaid's Link-token flow (LinkingService): the link page creates a link
 * token (`/link/token/create`, with Teller's webhook), Plaid Link turns the customer's bank login
 * into a public token — in Plaid's sandbox, `/sandbox/public_token/create` does — and the server
 * exchanges it (`/item/public_token/exchange`) for the item's access token, stored sealed. The chat
 * then resumes as after an OAuth link. Unlink calls `/item/remove`.
 */
export class PlaidLinking implements LinkingService {
  readonly kind = 'plaid';
  private readonly now: () => number;

  constructor(private readonly o: PlaidLinkingOptions) {
    this.now = o.now ?? Date.now;
  }

  get connectorName(): string {
    return this.o.connector.displayName;
  }

  get sandbox(): boolean {
    return this.o.sandbox !== undefined;
  }

  grant(user: LinkUser, connector: string): Promise<VaultGrant | undefined> {
    return this.o.grants.get(user, connector);
  }

  async startUrl(user: LinkUser, connector: string): Promise<string> {
    const t = await this.o.tokens.issue(user, connector);
    return `${this.o.publicUrl}/link/start?t=${encodeURIComponent(t)}`;
  }

  /** GET /link/start: checks the link token (not used up yet) and creates a Plaid link token. */
  async begin(t: string): Promise<PlaidLinkStart> {
    const record = await this.o.tokens.peek(t);
    if (record.connector !== this.o.connector.id)
      throw new TellerError('TELLER_ERR_LINK_TOKEN', 'Link token is for another bank');
    const user = { channel: record.channel, userId: record.userId };
    const { linkToken } = await this.o.link.createLinkToken(userKey(user));
    const sandbox = this.o.sandbox;
    return {
      linkToken,
      ...(sandbox ? { sandbox: { users: sandbox.users(), chosen: sandbox.defaultUser(user) } } : {}),
    };
  }

  /** Plaid Link's onSuccess: uses the link token up and exchanges the public token. */
  async complete(t: string, publicToken: string): Promise<LinkUser> {
    const user = await this.consume(t);
    await this.exchange(user, () => Promise.resolve(publicToken));
    return user;
  }

  /** The sandbox step: Plaid's sandbox logs in as `username` and hands back a public token. */
  async completeSandbox(t: string, username: string): Promise<LinkUser> {
    if (!this.o.sandbox?.users().some((u) => u.id === username))
      throw new TellerError('TELLER_ERR_CONNECTOR_AUTH', 'Unknown Plaid sandbox user');
    const user = await this.consume(t);
    await this.exchange(user, () => this.o.link.sandboxPublicToken(username));
    return user;
  }

  /** The customer closed Plaid Link: the link token is used up and nothing is stored. */
  async decline(t: string): Promise<LinkUser> {
    const user = await this.consume(t);
    await this.o.onDeclined(user, this.o.connector.id);
    return user;
  }

  /** Revokes at Plaid (`/item/remove`), forgets the item's owner and the grant. */
  async unlink(user: LinkUser, connector: string): Promise<boolean> {
    const grant = await this.o.grants.get(user, connector);
    if (!grant) return false;
    try {
      await this.o.connector.revoke(connectorGrant(grant));
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'plaid item removal failed');
    }
    await this.o.items.delete(itemKey(grant.subject));
    await this.o.grants.delete(user, connector);
    await this.o.ledger?.revoke(user, connector, this.now());
    return true;
  }

  /** POST / for Plaid's webhooks (createApp mounts it at /webhooks/plaid), when `webhooks` is set. */
  webhookRouter(): Router | undefined {
    const w = this.o.webhooks;
    return w && plaidWebhookRouter({ ...w, grantForItem: (itemId) => this.grantForItem(itemId) });
  }

  /** The webhook's lookup: the stored grant for a Plaid item, if a chat user still holds it. */
  async grantForItem(itemId: string): Promise<ConnectorGrant | undefined> {
    const user = await this.o.items.read(itemKey(itemId));
    if (!user) return undefined;
    const grant = await this.o.grants.get(user, this.o.connector.id);
    return grant?.subject === itemId ? connectorGrant(grant) : undefined;
  }

  private async consume(t: string): Promise<LinkUser> {
    const record = await this.o.tokens.consume(t);
    if (record.connector !== this.o.connector.id)
      throw new TellerError('TELLER_ERR_LINK_TOKEN', 'Link token is for another bank');
    return { channel: record.channel, userId: record.userId };
  }

  private async exchange(user: LinkUser, publicToken: () => Promise<string>): Promise<void> {
    const connector = this.o.connector.id;
    let grant: VaultGrant;
    try {
      const exchanged = await this.o.link.exchange(await publicToken());
      grant = {
        connector,
        subject: exchanged.subject,
        accessToken: exchanged.accessToken,
        scopes: [...PLAID_SCOPES],
        grantedAt: this.now(),
      };
      // Prove the item answers before telling the chat it worked.
      await this.o.connector.accounts(connectorGrant(grant));
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'plaid public token exchange failed');
      await this.tell(user);
      throw new TellerError('TELLER_ERR_LINK_EXCHANGE', 'Plaid did not confirm the link', { cause: err });
    }
    // A customer who links again replaces their item: the old one is removed at Plaid.
    await this.unlink(user, connector);
    await this.o.grants.put(user, grant);
    await this.o.items.write(itemKey(grant.subject), user);
    await this.o.ledger?.grant(user, connector, grant.scopes, grant.grantedAt);
    this.o.logger.info({ connector }, 'account linked');
    try {
      await this.o.onLinked(user, connector);
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'could not resume the chat after linking');
    }
  }

  private async tell(user: LinkUser): Promise<void> {
    try {
      await this.o.onFailed(user, this.o.connector.id);
    } catch (err) {
      this.o.logger.warn({ code: errorCode(err) }, 'could not tell the chat about a failed link');
    }
  }
}

function connectorGrant(grant: VaultGrant): ConnectorGrant {
  return { subject: grant.subject, accessToken: grant.accessToken, scopes: grant.scopes };
}

/** Storage key for an item's owner: a hash, so the item id is not stored in clear either. */
function itemKey(itemId: string): string {
  return `plaid-item:${createHash('sha256').update(itemId).digest('base64url')}`;
}

/** createBot's `plaid` option: link through Plaid's Link-token flow instead of OAuth. */
export interface BotPlaidOptions {
  link: PlaidLink;
  /** Verified SYNC_UPDATES_AVAILABLE webhooks at /webhooks/plaid (register `${publicUrl}/webhooks/plaid` as the link's webhook). */
  webhooks?: Omit<PlaidWebhookOptions, 'grantForItem'>;
  /** Plaid's sandbox: "Continue with Plaid sandbox" as one of the connector's demo identities. */
  sandbox?: boolean;
}
