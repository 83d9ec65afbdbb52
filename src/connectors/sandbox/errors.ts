export { ConnectorError, authError, queryError, type ConnectorErrorCode } from '../errors';
