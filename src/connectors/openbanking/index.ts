export {
  OpenBankingConnector,
  type OpenBankingConnectorOptions,
  type OpenBankingAuthorization,
} from './connector';
export { OpenBankingClient } from './client';
export { permissionsFor, scopesFor, type PermissionOptions } from './permissions';
export { toAccount, toBalance, toTransaction } from './mapping';
export { AIS_BASE_PATH, PERMISSIONS, type Permission } from './schema';
export { OpenBankingServer, DEFAULT_FINANCIAL_ID, type OpenBankingServerOptions } from './server';
