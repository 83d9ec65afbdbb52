export { createBotLinking, LINK_MESSAGES, type BotLinking, type BotOAuthOptions } from './bot-linking';
export type { GrantStore } from './grants';
export {
  checkMessengerRedirect,
  MESSENGER_REDIRECT_BASES,
  MessengerLinkCodes,
  messengerReturn,
  type MessengerLinkEvent,
  type MessengerLinkParams,
} from './messenger-linking';
export { OAuthClient, type OAuthClientSettings } from './oauth-client';
export { FLOW_TTL_MS, OAuthFlows, type BrowserFlow, type PendingFlow } from './oauth-flows';
export {
  DEFAULT_SCOPE_MAP,
  OAuthGrants,
  REFRESH_SKEW_MS,
  tellerScopes,
  type OAuthGrantStore,
} from './oauth-grants';
export type { AuthorizationPreparation, LinkChoice, LinkFailure, OAuthConnectorHooks } from './oauth-hooks';
export {
  DEFAULT_OAUTH_SCOPES,
  OAuthLinking,
  type CallbackResult,
  type OAuthLinkingOptions,
} from './oauth-linking';
export {
  PlaidLinking,
  type BotPlaidOptions,
  type PlaidLinkingOptions,
  type PlaidLinkStart,
} from './plaid-linking';
export { READ_SCOPES, SandboxLinking, type SandboxLinkingOptions } from './sandbox-linking';
export { LINK_TOKEN_TTL_MS, LinkTokens, linkTokenHash, type LinkTokenRecord } from './tokens';
export { userKey, type Grant, type LinkingService, type LinkUser } from './types';
