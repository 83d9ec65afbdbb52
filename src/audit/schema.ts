import { z } from 'zod';
import type { AuditEvent } from '../engine/audit';
import { AuditError } from './errors';

const ident = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:/-]+$/);

/**
 * The allow-list of an audit event: exactly the fields of `AuditEvent`, each an identifier, a
 * date, an enum or a duration. Anything else (an `amount`, a `balance`, free text) is rejected.
 */
export const auditEventSchema = z
  .object({
    user: z.string().min(1).max(256),
    connector: ident,
    operation: z.enum(['accounts', 'balances', 'transactions', 'revoke']),
    scope: ident,
    intent: ident,
    at: z.string().datetime({ offset: true }),
    outcome: z.enum(['ok', 'error']),
    errorCode: z
      .string()
      .regex(/^TELLER_ERR_[A-Z0-9_]+$/)
      .optional(),
    durationMs: z.number().finite().nonnegative(),
  })
  .strict();

// Compile-time check that the schema and the engine's interface agree both ways.
type Parsed = z.infer<typeof auditEventSchema>;
const _toEvent = (p: Parsed): AuditEvent => p;
const _toParsed = (e: AuditEvent): Parsed => e;
void _toEvent;
void _toParsed;

/** The event, validated against the allow-list; throws `TELLER_ERR_AUDIT_EVENT` naming the bad fields. */
export function validateAuditEvent(event: unknown): AuditEvent {
  const parsed = auditEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  // Name fields only: values may be exactly what must not be logged.
  const fields = new Set<string>();
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') issue.keys.forEach((k) => fields.add(k));
    else fields.add(issue.path.join('.') || '(event)');
  }
  throw new AuditError('TELLER_ERR_AUDIT_EVENT', `audit event rejected: ${[...fields].join(', ')}`);
}
