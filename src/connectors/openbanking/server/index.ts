export {
  OpenBankingServer,
  DEFAULT_FINANCIAL_ID,
  type ConsentIntents,
  type OpenBankingServerOptions,
} from './app';
export { ConsentStore, permissionProblem, type StoredConsent } from './consents';
export { introspectionResolver, type IntrospectionOptions, type TokenResolver } from './introspection';
