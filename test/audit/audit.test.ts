import type Redis from 'ioredis';
import { Writable } from 'node:stream';
import { auditCommand, formatAuditTable } from '../../src/cli/audit';
import { MemoryAuditLog, type AuditEvent } from '../../src/engine/audit';
import { readAudit, RedisAuditLog, validateAuditEvent } from '../../src/audit';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';

function event(i: number, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    user: 'messenger:alice',
    connector: 'sandbox',
    operation: 'balances',
    scope: 'balances',
    intent: 'check_balance',
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    outcome: 'ok',
    durationMs: 10 + i,
    ...over,
  };
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('audit allow-list', () => {
  it('accepts a plain event and one with an error code', () => {
    expect(validateAuditEvent(event(1))).toEqual(event(1));
    const failed = event(2, { outcome: 'error', errorCode: 'TELLER_ERR_CONNECTOR_AUTH' });
    expect(validateAuditEvent(failed)).toEqual(failed);
  });

  it('rejects an event carrying an amount (or any unexpected field), without echoing values', () => {
    const withAmount = { ...event(1), amount: '1234.56' };
    expect(() => validateAuditEvent(withAmount)).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_AUDIT_EVENT' }),
    );
    try {
      validateAuditEvent(withAmount);
    } catch (err) {
      expect((err as Error).message).toContain('amount');
      expect((err as Error).message).not.toContain('1234');
    }
    for (const bad of [
      { ...event(1), balance: 10 },
      { ...event(1), intent: 'my balance is £1,234' },
      { ...event(1), operation: 'payments' },
      { ...event(1), errorCode: 'card 4111 1111' },
      { ...event(1), at: 'yesterday' },
      { ...event(1), durationMs: -1 },
    ])
      expect(() => validateAuditEvent(bad)).toThrow(
        expect.objectContaining({ code: 'TELLER_ERR_AUDIT_EVENT' }),
      );
  });
});

describe('RedisAuditLog', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('round-trips events per user, oldest first, with a TTL', async () => {
    const prefix = uniquePrefix('audit');
    const log = new RedisAuditLog({ client: redis, prefix, ttlSeconds: 3600 });
    await log.record(event(1));
    await log.record(event(2, { outcome: 'error', errorCode: 'TELLER_ERR_CONNECTOR_UNAVAILABLE' }));
    await log.record(event(3, { user: 'messenger:bob' }));
    expect(await log.readAudit('messenger:alice')).toEqual([
      event(1),
      event(2, { outcome: 'error', errorCode: 'TELLER_ERR_CONNECTOR_UNAVAILABLE' }),
    ]);
    expect(await readAudit(log, 'messenger:bob')).toEqual([event(3, { user: 'messenger:bob' })]);
    expect(await readAudit(log, 'messenger:alice', { limit: 1 })).toHaveLength(1);
    const ttl = await redis.ttl(`${prefix}messenger:alice`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
    await log.erase('messenger:alice');
    expect(await log.readAudit('messenger:alice')).toEqual([]);
  });

  it('keeps only the newest maxEvents', async () => {
    const prefix = uniquePrefix('audit');
    const log = new RedisAuditLog({ client: redis, prefix, maxEvents: 3 });
    for (let i = 0; i < 7; i++) await log.record(event(i));
    expect(await redis.llen(`${prefix}messenger:alice`)).toBe(3);
    expect((await log.readAudit('messenger:alice')).map((e) => e.durationMs)).toEqual([14, 15, 16]);
  });

  it('refuses an event with an amount and stores nothing', async () => {
    const prefix = uniquePrefix('audit');
    const log = new RedisAuditLog({ client: redis, prefix });
    await expect(log.record({ ...event(1), amount: 99.5 } as AuditEvent)).rejects.toMatchObject({
      code: 'TELLER_ERR_AUDIT_EVENT',
    });
    expect(await redis.exists(`${prefix}messenger:alice`)).toBe(0);
  });

  it('readAudit also reads a MemoryAuditLog', async () => {
    const mem = new MemoryAuditLog();
    for (let i = 0; i < 4; i++) await mem.record(event(i));
    await mem.record(event(9, { user: 'messenger:bob' }));
    expect(await readAudit(mem, 'messenger:alice', { limit: 2 })).toEqual([event(2), event(3)]);
  });

  it('auditCommand prints a table or JSON lines', async () => {
    const prefix = uniquePrefix('audit');
    const log = new RedisAuditLog({ client: redis, prefix });
    await log.record(event(1));
    await log.record(event(2, { outcome: 'error', errorCode: 'TELLER_ERR_CONNECTOR_AUTH' }));
    const json = sink();
    await auditCommand(
      { user: 'messenger:alice', json: true, redisUrl: testRedisUrl(), prefix },
      json.stream,
    );
    const lines = json.text().trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as AuditEvent)).toEqual([
      event(1),
      event(2, { outcome: 'error', errorCode: 'TELLER_ERR_CONNECTOR_AUTH' }),
    ]);
    const table = sink();
    await auditCommand({ user: 'messenger:alice', redisUrl: testRedisUrl(), prefix }, table.stream);
    const rows = table.text().trim().split('\n');
    expect(rows[0]).toMatch(
      /^at\s+connector\s+operation\s+scope\s+intent\s+outcome\s+errorCode\s+durationMs$/,
    );
    expect(rows).toHaveLength(4);
    expect(rows[3]).toContain('TELLER_ERR_CONNECTOR_AUTH');
    expect(rows[2]).toContain(' - ');
    const none = sink();
    await auditCommand({ user: 'messenger:nobody', redisUrl: testRedisUrl(), prefix }, none.stream);
    expect(none.text()).toBe('No audit events for messenger:nobody\n');
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      await expect(auditCommand({ user: 'x' }, none.stream)).rejects.toMatchObject({
        code: 'TELLER_ERR_CONFIG',
      });
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
  });

  it('formatAuditTable aligns columns', () => {
    const text = formatAuditTable([event(1)]);
    const [head, rule, row] = text.split('\n');
    expect(rule?.length).toBeGreaterThan(0);
    expect(row?.indexOf('sandbox')).toBe(head?.indexOf('connector'));
  });
});

describe('audit trail on erasure (pseudonymised, kept for compliance)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(() => redis.quit());

  it('moves every event to the alias, oldest first, keeping its fields and its remaining lifetime', async () => {
    const prefix = uniquePrefix('audit-alias');
    const log = new RedisAuditLog({ client: redis, prefix, ttlSeconds: 3600 });
    for (let i = 0; i < 250; i++) await log.record(event(i));
    await log.record(event(999, { user: 'messenger:bob' }));
    await redis.rpush(`${prefix}messenger:alice`, 'not json', JSON.stringify({ user: 'x', amount: '1.00' }));
    await redis.expire(`${prefix}messenger:alice`, 1800);
    expect(await log.count('messenger:alice')).toBe(252);

    expect(await log.pseudonymise('messenger:alice', 'hmac-sha256:abc')).toBe(250);
    expect(await log.count('messenger:alice')).toBe(0);
    const kept = await readAudit(log, 'hmac-sha256:abc', { limit: 1000 });
    expect(kept).toEqual(Array.from({ length: 250 }, (_, i) => event(i, { user: 'hmac-sha256:abc' })));
    const ttl = await redis.ttl(`${prefix}hmac-sha256:abc`);
    expect(ttl).toBeGreaterThan(1700);
    expect(ttl).toBeLessThanOrEqual(1800);
    expect(JSON.stringify(await redis.lrange(`${prefix}hmac-sha256:abc`, 0, -1))).not.toMatch(/alice|amount/);
    // Bob's trail is untouched.
    expect(await readAudit(log, 'messenger:bob')).toEqual([event(999, { user: 'messenger:bob' })]);
  });
});
