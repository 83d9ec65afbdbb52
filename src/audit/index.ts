export { AuditError, type AuditErrorCode } from './errors';
export { auditEventSchema, validateAuditEvent } from './schema';
export {
  DEFAULT_AUDIT_MAX_EVENTS,
  DEFAULT_AUDIT_PREFIX,
  DEFAULT_AUDIT_TTL_SECONDS,
  readAudit,
  RedisAuditLog,
  type AuditReader,
  type ReadAuditOptions,
  type RedisAuditLogOptions,
} from './redis';
export { auditTrailStore } from './erasure';
