import Redis from 'ioredis';
import { readAudit, DEFAULT_AUDIT_PREFIX, RedisAuditLog } from '../audit';
import type { AuditEvent } from '../engine/audit';
import { TellerError } from '../engine/errors';

export interface AuditCommandOptions {
  /** The audited user key, e.g. "messenger:123". */
  user: string;
  /** JSON lines instead of a table. */
  json?: boolean;
  /** Defaults to REDIS_URL. */
  redisUrl?: string;
  prefix?: string;
  limit?: number;
}

const COLUMNS = [
  'at',
  'connector',
  'operation',
  'scope',
  'intent',
  'outcome',
  'errorCode',
  'durationMs',
] as const;

/** A plain-text table of events, one row each, oldest first. */
export function formatAuditTable(events: AuditEvent[]): string {
  const rows = events.map((e) => COLUMNS.map((c) => (e[c] === undefined ? '-' : String(e[c]))));
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `teller audit --user ID [--json]`: prints a user's audit trail from Redis. */
export async function auditCommand(
  o: AuditCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  if (!o.user) throw new TellerError('TELLER_ERR_CONFIG', 'Give --user ID');
  const url = o.redisUrl ?? process.env.REDIS_URL;
  if (!url)
    throw new TellerError('TELLER_ERR_CONFIG', 'Set REDIS_URL (or pass redisUrl) to read the audit log');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const log = new RedisAuditLog({ client, prefix: o.prefix ?? DEFAULT_AUDIT_PREFIX });
    const events = await readAudit(log, o.user, { limit: o.limit ?? 1000 });
    if (o.json) {
      for (const e of events) out.write(JSON.stringify(e) + '\n');
    } else if (events.length === 0) {
      out.write(`No audit events for ${o.user}\n`);
    } else {
      out.write(formatAuditTable(events) + '\n');
    }
  } catch (err) {
    if (err instanceof TellerError) throw err;
    throw new TellerError('TELLER_ERR_STORAGE', 'Could not read the audit log from Redis', { cause: err });
  } finally {
    client.disconnect();
  }
}
