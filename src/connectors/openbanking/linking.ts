import type { BotOAuthOptions } from '../../linking/bot-linking';
import type { OAuthConnectorHooks } from '../../linking/oauth-hooks';
import { ConnectorError } from '../errors';
import type { OpenBankingConnector } from './connector';
import type { PermissionOptions } from './permissions';

/** The opt-in on Teller's link page that adds ReadTransactionsDetail to the consent. */
export const TRANSACTION_DETAIL_CHOICE = 'transaction_detail';

export interface OpenBankingLinkingOptions {
  /** Permissions beyond the least-privilege set, for every link (e.g. account identification). */
  permissions?: Omit<PermissionOptions, 'transactionDetail'>;
}

/**
 * UK Open Banking through Teller's OAuth linking (createBot's `oauth`, with the bank's client):
 *
 * - Teller's /link/start first offers one opt-in, unticked: "share transaction detail". Open
 *   Banking fixes a consent's permissions before the customer reaches the bank (the bank shows
 *   them, it does not let the customer edit them), so the choice is made on Teller's side.
 * - `prepareAuthorization` POSTs /account-access-consents with the least-privilege permissions
 *   (ReadTransactionsDetail only when ticked) and binds the authorization request to it with
 *   `openbanking_intent_id`; the ConsentId is kept with the flow and the grant.
 * - `onTokens` reads the consent back: it must be Authorised, and Teller's read scopes come from
 *   the permissions it actually grants (not from OAuth scopes, which Open Banking leaves coarse).
 * - Unlink revokes the tokens at the IdP, then the connector DELETEs the consent (`revoke` gets the
 *   kept ConsentId).
 */
export function openBankingLinking(
  connector: OpenBankingConnector,
  o: OpenBankingLinkingOptions = {},
): Pick<BotOAuthOptions, 'hooks' | 'scopeMap'> {
  const hooks: OAuthConnectorHooks = {
    choices: [
      {
        name: TRANSACTION_DETAIL_CHOICE,
        label: 'Also share transaction detail: payee names, references and merchant codes',
      },
    ],
    async prepareAuthorization(_user, chosen) {
      const auth = await connector.prepareAuthorization({
        ...o.permissions,
        transactionDetail: chosen.includes(TRANSACTION_DETAIL_CHOICE),
      });
      return { scopes: auth.scopes, extraParams: auth.extraParams, context: auth.context };
    },
    async onTokens(_user, grant) {
      const consentId = grant.context?.consentId;
      if (!consentId) throw new ConnectorError('TELLER_ERR_CONNECTOR_AUTH', 'No consent behind the grant');
      const consent = await connector.consent(consentId);
      if (consent.status !== 'Authorised')
        throw new ConnectorError('TELLER_ERR_CONNECTOR_AUTH', 'The consent was not authorised');
      const permissions = consent.permissions.join(' ');
      grant.context = { consentId, permissions };
      grant.scopes = connector.scopesFor({ permissions });
    },
  };
  // No OAuth scope maps to a Teller scope: they come from the consent (onTokens), and a refresh
  // keeps them.
  return { hooks, scopeMap: {} };
}
