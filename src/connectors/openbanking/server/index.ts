export { OpenBankingServer, DEFAULT_FINANCIAL_ID, type OpenBankingServerOptions } from './app';
export { ConsentStore, permissionProblem, type StoredConsent } from './consents';
