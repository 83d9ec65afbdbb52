export { SandboxBank, type SandboxBankOptions, type SandboxCustomer, type SandboxLedgerInfo } from './bank';
export { sandboxAtms } from './atms';
export { SandboxGazetteer } from './gazetteer';
export { ConnectorError, type ConnectorErrorCode } from './errors';
export { sandboxMerchants } from './names';
