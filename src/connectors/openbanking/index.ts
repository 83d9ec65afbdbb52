export {
  OpenBankingConnector,
  type OpenBankingConnectorOptions,
  type OpenBankingAuthorization,
} from './connector';
export { OpenBankingClient } from './client';
export { openBankingLinking, TRANSACTION_DETAIL_CHOICE, type OpenBankingLinkingOptions } from './linking';
export { describePermissions, permissionsFor, scopesFor, type PermissionOptions } from './permissions';
export { toAccount, toBalance, toTransaction } from './mapping';
export { AIS_BASE_PATH, PERMISSIONS, type Permission } from './schema';
export {
  DEFAULT_FINANCIAL_ID,
  introspectionResolver,
  OpenBankingServer,
  type ConsentIntents,
  type IntrospectionOptions,
  type OpenBankingServerOptions,
  type TokenResolver,
} from './server';
