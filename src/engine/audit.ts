import type { Logger } from '../logging/logger';

/** One bank call: who, what scope, for which intent, when, and how it went. Never the figures. */
export interface AuditEvent {
  user: string;
  connector: string;
  operation: 'accounts' | 'balances' | 'transactions' | 'revoke';
  scope: string;
  intent: string;
  at: string;
  outcome: 'ok' | 'error';
  errorCode?: string;
  durationMs: number;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}

/** Writes audit events to the structured log under `audit: true`. */
export class LoggerAuditLog implements AuditLog {
  constructor(private readonly logger: Logger) {}

  async record(event: AuditEvent): Promise<void> {
    this.logger.info({ audit: true, ...event }, 'bank call');
  }
}

/** Keeps events in memory; for tests and the terminal chat. */
export class MemoryAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];

  async record(event: AuditEvent): Promise<void> {
    this.events.push(event);
  }
}
