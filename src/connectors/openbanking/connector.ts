import { ConnectorError } from '../errors';
import { instantRange, matchesQuery, newestFirst, resolveZone } from '../query';
import type {
  Account,
  Balance,
  BankConnector,
  CallOptions,
  ConnectorCapabilities,
  ConnectorGrant,
  Transaction,
  TransactionQuery,
} from '../types';
import { OpenBankingClient } from './client';
import { toAccount, toBalance, toTransaction } from './mapping';
import { permissionsFor, scopesFor, type PermissionOptions } from './permissions';
import {
  accountsResponse,
  balancesResponse,
  consentResponse,
  transactionsResponse,
  type ConsentResponse,
  type ObTransaction,
  type Permission,
} from './schema';

export interface OpenBankingConnectorOptions {
  id?: string;
  displayName: string;
  /** AIS base URL, e.g. https://ob.bank.example/open-banking/v3.1/aisp (no trailing slash). */
  baseUrl: string;
  financialId: string;
  /** A client-credentials access token for the consent endpoints (fetched and cached by the caller). */
  clientToken: () => Promise<string>;
  /** What Teller asks for by default; a customer's opt-ins can widen it per link. */
  permissions?: PermissionOptions;
  /** Consent lifetime (ExpirationDateTime). Default 90 days. */
  consentDays?: number;
  /** Zone for queries that name none. Default Europe/London. */
  timezone?: string;
  now?: () => Date;
}

/**
 * What the linking flow needs to send the customer to the bank for this consent. The shape is the
 * OAuth linking hook's `AuthorizationPreparation` (src/linking/oauth-linking.ts): strings only.
 */
export interface OpenBankingAuthorization {
  /** OAuth scopes to ask for: Open Banking puts the detail in the consent, not in scopes. */
  scopes: string[];
  /**
   * `openbanking_intent_id` (the ConsentId) and the OIDC `claims` parameter (JSON) that binds the
   * authorization to it. A bank that insists on a signed request object gets these as its claims.
   */
  extraParams: { openbanking_intent_id: string; claims: string };
  /** Ids kept with the flow and the grant: the ConsentId and the granted permissions (space-separated). */
  context: { consentId: string; permissions: string };
}

/**
 * UK Open Banking Read/Write API v3.1.11 account information. Linking creates an
 * account-access-consent with least-privilege permissions; the customer authorises it at the bank;
 * the resulting access token reads accounts, balances and transactions; unlinking deletes the consent.
 */
export class OpenBankingConnector implements BankConnector {
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: ConnectorCapabilities = {
    atms: false,
    pendingTransactions: true,
    merchantNames: true,
  };
  private readonly client: OpenBankingClient;
  private readonly timezone: string;

  constructor(private readonly o: OpenBankingConnectorOptions) {
    this.id = o.id ?? 'openbanking';
    this.displayName = o.displayName;
    this.timezone = resolveZone(o.timezone, 'Europe/London');
    this.client = new OpenBankingClient({
      baseUrl: o.baseUrl,
      financialId: o.financialId,
      bankName: o.displayName,
    });
  }

  /** POST /account-access-consents: a consent awaiting the customer's authorisation. */
  async createConsent(
    permissions: PermissionOptions = this.o.permissions ?? {},
    options?: CallOptions,
  ): Promise<{ consentId: string; permissions: Permission[] }> {
    const now = (this.o.now ?? (() => new Date()))();
    const expires = new Date(now.getTime() + (this.o.consentDays ?? 90) * 86_400_000);
    const body = {
      Data: { Permissions: permissionsFor(permissions), ExpirationDateTime: expires.toISOString() },
      Risk: {},
    };
    const res = await this.client.call(
      'POST',
      '/account-access-consents',
      await this.o.clientToken(),
      consentResponse,
      body,
      options,
    );
    if (!res) throw new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', 'Empty consent response');
    return { consentId: res.Data.ConsentId, permissions: res.Data.Permissions };
  }

  /** GET /account-access-consents/{ConsentId}: its status and the permissions it grants. */
  async consent(
    consentId: string,
    options?: CallOptions,
  ): Promise<{ status: ConsentResponse['Data']['Status']; permissions: Permission[] }> {
    const res = await this.client.call(
      'GET',
      `/account-access-consents/${encodeURIComponent(consentId)}`,
      await this.o.clientToken(),
      consentResponse,
      undefined,
      options,
    );
    if (!res) throw new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', 'Empty consent response');
    return { status: res.Data.Status, permissions: res.Data.Permissions };
  }

  /** The linking hook: creates the consent and says how to bind the authorization request to it. */
  async prepareAuthorization(permissions?: PermissionOptions): Promise<OpenBankingAuthorization> {
    const consent = await this.createConsent(permissions);
    const intent = { openbanking_intent_id: { value: consent.consentId, essential: true } };
    return {
      scopes: ['openid', 'accounts'],
      extraParams: {
        openbanking_intent_id: consent.consentId,
        claims: JSON.stringify({ id_token: intent, userinfo: intent }),
      },
      context: { consentId: consent.consentId, permissions: consent.permissions.join(' ') },
    };
  }

  /** Teller's read scopes for a linked consent (what BankAccess checks), from the kept context. */
  scopesFor(context: { permissions?: string }): string[] {
    return scopesFor((context.permissions ?? '').split(' ').filter(Boolean));
  }

  /** The grant Teller hands this connector once the customer authorised the consent. */
  grantFor(
    subject: string,
    accessToken: string,
    context: OpenBankingAuthorization['context'],
  ): ConnectorGrant {
    return { subject, accessToken, consentId: context.consentId, scopes: this.scopesFor(context) };
  }

  async accounts(grant: ConnectorGrant, options?: CallOptions): Promise<Account[]> {
    const list = await this.client.pages(
      '/accounts',
      token(grant),
      accountsResponse,
      (p) => p.Data.Account ?? [],
      options,
    );
    return list.flatMap((a) => toAccount(a) ?? []);
  }

  async balances(grant: ConnectorGrant, accountIds?: string[], options?: CallOptions): Promise<Balance[]> {
    const ids = accountIds ?? (await this.accounts(grant, options)).map((a) => a.id);
    const out = await Promise.all(
      ids.map(async (id) => {
        const list = await this.client.pages(
          `/accounts/${encodeURIComponent(id)}/balances`,
          token(grant),
          balancesResponse,
          (p) => p.Data.Balance,
          options,
        );
        return toBalance(id, list);
      }),
    );
    return out.flatMap((b) => b ?? []);
  }

  async transactions(
    grant: ConnectorGrant,
    query: TransactionQuery,
    options?: CallOptions,
  ): Promise<Transaction[]> {
    const range = instantRange(query.from, query.to, resolveZone(query.timezone, this.timezone));
    if (range.end <= range.start) return [];
    const ids = query.accountIds ?? (await this.accounts(grant, options)).map((a) => a.id);
    // The filter is UTC to the second, inclusive at both ends; the exact half-open range is applied here.
    const params = new URLSearchParams({
      fromBookingDateTime: obDateTime(range.start),
      toBookingDateTime: obDateTime(range.end - 1),
    });
    const lists = await Promise.all(
      ids.map((id) =>
        this.client.pages(
          `/accounts/${encodeURIComponent(id)}/transactions?${params}`,
          token(grant),
          transactionsResponse,
          (p) => p.Data.Transaction ?? [],
          options,
        ),
      ),
    );
    return lists
      .flat()
      .map((t: ObTransaction) => toTransaction(t))
      .filter((t) => {
        const at = Date.parse(t.date);
        return at >= range.start && at < range.end && matchesQuery(t, query);
      })
      .sort(newestFirst);
  }

  /** Unlink: deletes the consent the grant rests on (see `revokeConsent`). */
  async revoke(grant: ConnectorGrant, options?: CallOptions): Promise<void> {
    if (grant.consentId) await this.revokeConsent(grant.consentId, options);
  }

  /** DELETE /account-access-consents/{ConsentId}. Already gone (404) counts as done. */
  async revokeConsent(consentId: string, options?: CallOptions): Promise<void> {
    try {
      await this.client.call(
        'DELETE',
        `/account-access-consents/${encodeURIComponent(consentId)}`,
        await this.o.clientToken(),
        undefined,
        undefined,
        options,
      );
    } catch (err) {
      if (err instanceof ConnectorError && (err.status === 404 || err.status === 410)) return;
      throw err;
    }
  }
}

function token(grant: ConnectorGrant): string {
  if (!grant.accessToken)
    throw new ConnectorError('TELLER_ERR_CONNECTOR_AUTH', 'The grant has no access token');
  return grant.accessToken;
}

/** "2024-05-01T23:00:00": OB query date-times are UTC without a zone designator, to the second. */
function obDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}
