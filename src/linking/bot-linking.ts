import type { ConsentLedger } from '../consent';
import type { BankConnector } from '../connectors/types';
import type { Logger } from '../logging/logger';
import type { TakeableStorage } from '../session/types';
import { SealedStorage, type TokenVault, type VaultedGrantStore } from '../vault';
import { MessengerLinkCodes } from './messenger-linking';
import { OAuthClient, type OAuthClientSettings } from './oauth-client';
import { OAuthFlows, type BrowserFlow, type PendingFlow } from './oauth-flows';
import type { LinkFailure, OAuthConnectorHooks } from './oauth-hooks';
import { OAuthLinking } from './oauth-linking';
import { PlaidLinking, type BotPlaidOptions } from './plaid-linking';
import { SandboxLinking } from './sandbox-linking';
import type { LinkTokens } from './tokens';
import type { LinkUser } from './types';

/** The linking a bot runs: the bank's OAuth flow, Plaid Link, or the sandbox consent page. */
export type BotLinking = SandboxLinking | OAuthLinking | PlaidLinking;

/** createBot's `oauth` option: link at the bank's OAuth2 / OpenID Connect server. */
export interface BotOAuthOptions {
  client: OAuthClientSettings;
  /** OAuth scopes asked for; default `openid accounts balances transactions` (read-only). */
  scopes?: string[];
  /** OAuth scope → Teller scope; default accounts/balances/transactions → `<name>:read`. */
  scopeMap?: Record<string, string>;
  /** Connector hooks (e.g. Open Banking's account-access-consent). */
  hooks?: OAuthConnectorHooks;
  /**
   * Allowed bases for Messenger's `redirect_uri` (default Meta's own). The emulator adds its
   * `/emulator/account_linking`.
   */
  messengerRedirectBases?: string[];
}

/** What the chat says when linking ends without a link. Calm, and it says what to do next. */
export const LINK_MESSAGES = {
  declined:
    'No problem — you declined, so nothing was shared and nothing was stored. I can still help with things like finding an ATM.',
  expired:
    "That link has expired or was already used, so nothing was shared. Ask your question again and I'll send a fresh link.",
  mismatch:
    "That link couldn't be finished safely — it was completed in a different browser or didn't match the one I sent — so nothing was shared. Ask again and I'll send a fresh link.",
  replayed:
    'That sign-in was already used, so I ignored it — nothing changed. Say "what do you know about me" to see what you have shared.',
  refused:
    "Your bank couldn't confirm the link, so nothing was shared and nothing was stored. Please ask again and I'll send a fresh link.",
  unavailable:
    "I couldn't reach your bank just now, so nothing was shared. Please try again in a few minutes.",
  unlinked:
    "You unlinked your account in Messenger, so I've withdrawn my access at your bank and deleted what I held to reach it.",
} as const satisfies Record<LinkFailure | 'declined' | 'unlinked', string>;

export interface BotLinkingDeps {
  connector: BankConnector & {
    listCustomers(): { id: string; name: string }[];
    defaultCustomerFor(userId: string): string;
  };
  grants: VaultedGrantStore;
  tokens: LinkTokens;
  ledger: ConsentLedger;
  vault: TokenVault;
  /** A storage factory (memory or Redis) with a TTL in seconds. */
  storage: <T>(ttlSeconds: number) => TakeableStorage<T>;
  publicUrl: string;
  logger: Logger;
  now: () => number;
  /** Resumes the chat after linking (the engine's `teller:linked:<connector>` turn). */
  linked(user: LinkUser, connector: string): Promise<void>;
  /** Sends a message outside a turn. */
  say(user: LinkUser, text: string): Promise<void>;
}

/** Builds the bot's linking: OAuth when `oauth` is given, Plaid Link with `plaid`, else the sandbox consent page. */
export function createBotLinking(
  oauth: BotOAuthOptions | undefined,
  d: BotLinkingDeps,
  plaid?: BotPlaidOptions,
): BotLinking {
  const publicUrl = d.publicUrl.replace(/\/+$/, '');
  if (plaid && !oauth)
    return new PlaidLinking({
      connector: d.connector,
      link: plaid.link,
      grants: d.grants,
      tokens: d.tokens,
      // Who owns an item, for webhooks: sealed, under a hash of the item id, kept as long as the grant.
      items: new SealedStorage<LinkUser>(d.storage<string>(0), d.vault, 'plaid-item'),
      publicUrl,
      ledger: d.ledger,
      sandbox: plaid.sandbox
        ? {
            users: () => d.connector.listCustomers(),
            defaultUser: (user) => d.connector.defaultCustomerFor(user.userId),
          }
        : undefined,
      webhooks: plaid.webhooks,
      onLinked: d.linked,
      onDeclined: (user) => d.say(user, LINK_MESSAGES.declined),
      onFailed: (user) => d.say(user, LINK_MESSAGES.refused),
      logger: d.logger,
      now: d.now,
    });
  if (!oauth)
    return new SandboxLinking({
      connector: d.connector,
      grants: d.grants,
      tokens: d.tokens,
      publicUrl,
      now: d.now,
      ledger: d.ledger,
      customers: () => d.connector.listCustomers(),
      defaultCustomer: (user) => d.connector.defaultCustomerFor(user.userId),
      onLinked: d.linked,
      onDeclined: (user) => d.say(user, LINK_MESSAGES.declined),
    });
  // State, PKCE verifier and nonce are sealed at rest, kept 10 minutes and taken once.
  const flowTtl = 10 * 60;
  return new OAuthLinking({
    connector: d.connector,
    client: new OAuthClient(oauth.client),
    scopes: oauth.scopes,
    scopeMap: oauth.scopeMap,
    hooks: oauth.hooks,
    grants: d.grants,
    tokens: d.tokens,
    flows: new OAuthFlows(
      new SealedStorage<PendingFlow>(d.storage<string>(flowTtl), d.vault, 'oauth-flow'),
      new SealedStorage<BrowserFlow>(d.storage<string>(flowTtl), d.vault, 'oauth-browser'),
    ),
    messenger: {
      codes: new MessengerLinkCodes(d.storage(flowTtl)),
      redirectBases: oauth.messengerRedirectBases,
    },
    publicUrl,
    ledger: d.ledger,
    logger: d.logger,
    now: d.now,
    onLinked: d.linked,
    onDeclined: (user) => d.say(user, LINK_MESSAGES.declined),
    onFailed: (user, _connector, why) => d.say(user, LINK_MESSAGES[why]),
    onUnlinked: (user) => d.say(user, LINK_MESSAGES.unlinked),
  });
}
