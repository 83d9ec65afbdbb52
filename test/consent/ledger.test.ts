import type Redis from 'ioredis';
import { MemoryStorage } from '../../src/session/memory';
import { RedisStorage } from '../../src/session/redis';
import { ConsentLedger, DAY_MS, subjectHash, type ConsentRecord } from '../../src/consent';
import { testRedis, uniquePrefix } from '../support/redis';

const alice = { channel: 'messenger', userId: 'alice-psid-123' };
const bob = { channel: 'messenger', userId: 'bob' };
const T0 = Date.UTC(2026, 0, 10, 9, 30);

describe('ConsentLedger (memory)', () => {
  let storage: MemoryStorage<ConsentRecord>;
  let ledger: ConsentLedger;
  beforeEach(() => {
    storage = new MemoryStorage();
    ledger = new ConsentLedger(storage, { erasureKey: 'test-erasure-key' });
  });

  it('grants with ISO dates and lists entries', async () => {
    const entry = await ledger.grant(alice, 'sandbox', ['accounts', 'balances', 'accounts'], new Date(T0));
    expect(entry).toEqual({
      connector: 'sandbox',
      scopes: ['accounts', 'balances'],
      grantedAt: '2026-01-10T09:30:00.000Z',
      expiresAt: new Date(T0 + 365 * DAY_MS).toISOString(),
    });
    await ledger.grant(alice, 'other-bank', ['transactions'], T0);
    expect((await ledger.list(alice)).map((e) => e.connector)).toEqual(['sandbox', 'other-bank']);
    expect(await ledger.current(alice, 'sandbox', T0)).toEqual(entry);
    expect(await ledger.list(bob)).toEqual([]);
  });

  it('needs reconfirmation from exactly 90 days after the grant', async () => {
    await ledger.grant(alice, 'sandbox', ['accounts'], T0);
    expect(await ledger.needsReconfirmation(alice, 'sandbox', T0 + 89 * DAY_MS)).toBe(false);
    expect(await ledger.needsReconfirmation(alice, 'sandbox', T0 + 90 * DAY_MS - 1)).toBe(false);
    expect(await ledger.needsReconfirmation(alice, 'sandbox', T0 + 90 * DAY_MS)).toBe(true);
    expect(await ledger.needsReconfirmation(alice, 'sandbox', T0 + 91 * DAY_MS)).toBe(true);
  });

  it('restarts the 90 days on reconfirmation', async () => {
    await ledger.grant(alice, 'sandbox', ['accounts'], T0);
    const r = T0 + 95 * DAY_MS;
    const entry = await ledger.reconfirm(alice, 'sandbox', r);
    expect(entry?.reconfirmedAt).toBe(new Date(r).toISOString());
    expect(await ledger.needsReconfirmation(alice, 'sandbox', r + 89 * DAY_MS)).toBe(false);
    expect(await ledger.needsReconfirmation(alice, 'sandbox', r + 90 * DAY_MS)).toBe(true);
    expect(await ledger.reconfirm(alice, 'nothing', r)).toBeUndefined();
  });

  it('revokes: no longer current, kept in the list, no reconfirmation asked', async () => {
    await ledger.grant(alice, 'sandbox', ['accounts'], T0);
    const at = T0 + DAY_MS;
    expect(await ledger.revoke(alice, 'sandbox', at)).toBe(true);
    expect(await ledger.revoke(alice, 'sandbox', at)).toBe(false);
    expect(await ledger.revoke(alice, 'never', at)).toBe(false);
    expect(await ledger.current(alice, 'sandbox', at)).toBeUndefined();
    expect(await ledger.list(alice)).toEqual([
      expect.objectContaining({ connector: 'sandbox', revokedAt: new Date(at).toISOString() }),
    ]);
    expect(await ledger.needsReconfirmation(alice, 'sandbox', T0 + 200 * DAY_MS)).toBe(false);
    expect(await ledger.reconfirm(alice, 'sandbox', at)).toBeUndefined();
    // Granting again replaces the revoked entry.
    await ledger.grant(alice, 'sandbox', ['balances'], at);
    expect((await ledger.current(alice, 'sandbox', at))?.scopes).toEqual(['balances']);
  });

  it('expires consents after their duration', async () => {
    const short = new ConsentLedger(storage, { durationMs: 30 * DAY_MS });
    await short.grant(alice, 'sandbox', ['accounts'], T0);
    expect(await short.current(alice, 'sandbox', T0 + 30 * DAY_MS - 1)).toBeDefined();
    expect(await short.current(alice, 'sandbox', T0 + 30 * DAY_MS)).toBeUndefined();
  });

  it('erase leaves only a minimal record without personal data', async () => {
    await ledger.grant(alice, 'sandbox', ['accounts'], T0);
    await ledger.grant(alice, 'other', ['balances'], T0);
    await ledger.grant(bob, 'sandbox', ['accounts'], T0);
    const record = await ledger.erase(alice, T0 + DAY_MS);
    expect(Object.keys(record).sort()).toEqual(['erasedAt', 'subjectHash']);
    expect(record.erasedAt).toBe(new Date(T0 + DAY_MS).toISOString());
    expect(record.subjectHash).toMatch(/^hmac-sha256:[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(record)).not.toContain('alice');
    expect(JSON.stringify(record)).not.toContain('messenger');
    expect(record.subjectHash).toBe(subjectHash(alice, 'test-erasure-key'));
    expect(record.subjectHash).not.toBe(subjectHash(alice));
    expect(await ledger.list(alice)).toEqual([]);
    expect(storage.size()).toBe(1); // only bob's record remains
    expect(await ledger.list(bob)).toHaveLength(1);
  });

  it('rejects connectors and scopes that are not short identifiers', async () => {
    await expect(ledger.grant(alice, '', ['accounts'], T0)).rejects.toMatchObject({
      code: 'TELLER_ERR_CONSENT_INVALID',
    });
    await expect(ledger.grant(alice, 'sandbox', ['balance is £1,234.56'], T0)).rejects.toMatchObject({
      code: 'TELLER_ERR_CONSENT_INVALID',
    });
    await expect(ledger.grant(alice, 'sandbox', ['accounts'], Number.NaN)).rejects.toMatchObject({
      code: 'TELLER_ERR_CONSENT_INVALID',
    });
    expect(() => new ConsentLedger(storage, { reconfirmAfterMs: 1.5 })).toThrow(/reconfirmAfterMs/);
  });
});

describe('ConsentLedger (Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('stores per user and erases every key of the user', async () => {
    const prefix = uniquePrefix('consent');
    const ledger = new ConsentLedger(new RedisStorage<ConsentRecord>({ client: redis, prefix }));
    await ledger.grant(alice, 'sandbox', ['accounts'], T0);
    await ledger.reconfirm(alice, 'sandbox', T0 + 10 * DAY_MS);
    const reread = new ConsentLedger(new RedisStorage<ConsentRecord>({ client: redis, prefix }));
    expect(await reread.current(alice, 'sandbox', T0 + 11 * DAY_MS)).toMatchObject({
      reconfirmedAt: new Date(T0 + 10 * DAY_MS).toISOString(),
    });
    expect(await redis.keys(`${prefix}*`)).toHaveLength(1);
    const record = await reread.erase(alice, T0 + 12 * DAY_MS);
    expect(record.subjectHash).toMatch(/^sha256:/);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });
});
