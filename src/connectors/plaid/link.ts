import { createHash } from 'node:crypto';
import { CountryCode, Products, type PlaidApi } from 'plaid';
import type { ConnectorGrant } from '../types';
import { plaidCall } from './client';

export interface PlaidLinkOptions {
  clientName: string;
  countryCodes?: CountryCode[];
  language?: string;
  /** Where Plaid posts SYNC_UPDATES_AVAILABLE and friends (your PUBLIC_URL + the webhook route). */
  webhookUrl?: string;
  /** OAuth institutions return the customer here (must be registered with Plaid). */
  redirectUri?: string;
}

/** Plaid's sandbox "First Platypus Bank". */
export const SANDBOX_INSTITUTION = 'ins_109508';

export const PLAID_SCOPES = ['accounts:read', 'balances:read', 'transactions:read'];

/**
 * The Link-token flow as a linking step: the server creates a link token, Plaid Link (in the
 * customer's browser) turns it into a public token, and the server exchanges that for the item's
 * access token — which becomes the grant.
 */
export class PlaidLink {
  constructor(
    private readonly api: PlaidApi,
    private readonly o: PlaidLinkOptions,
  ) {}

  /** `/link/token/create` for one chat user. Plaid sees a one-way hash of the user key, never the key. */
  async createLinkToken(userKey: string): Promise<{ linkToken: string; expiration: string }> {
    const res = await plaidCall(() =>
      this.api.linkTokenCreate({
        client_name: this.o.clientName,
        language: this.o.language ?? 'en',
        country_codes: this.o.countryCodes ?? [CountryCode.Us, CountryCode.Gb],
        user: { client_user_id: createHash('sha256').update(userKey).digest('hex').slice(0, 32) },
        products: [Products.Transactions],
        ...(this.o.webhookUrl ? { webhook: this.o.webhookUrl } : {}),
        ...(this.o.redirectUri ? { redirect_uri: this.o.redirectUri } : {}),
      }),
    );
    return { linkToken: res.link_token, expiration: res.expiration };
  }

  /**
   * Plaid's sandbox only: `/sandbox/public_token/create` does what Plaid Link does once a customer
   * logged in at their bank (as `username`, a sandbox test user), for the item's `webhook`.
   */
  async sandboxPublicToken(username: string, institutionId = SANDBOX_INSTITUTION): Promise<string> {
    const res = await plaidCall(() =>
      this.api.sandboxPublicTokenCreate({
        institution_id: institutionId,
        initial_products: [Products.Transactions],
        options: {
          override_username: username,
          ...(this.o.webhookUrl ? { webhook: this.o.webhookUrl } : {}),
        },
      }),
    );
    return res.public_token;
  }

  /** `/item/public_token/exchange`: the grant Teller stores (subject = item id). */
  async exchange(publicToken: string): Promise<ConnectorGrant> {
    const res = await plaidCall(() => this.api.itemPublicTokenExchange({ public_token: publicToken }));
    return { subject: res.item_id, accessToken: res.access_token, scopes: [...PLAID_SCOPES] };
  }
}
