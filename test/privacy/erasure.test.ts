import type Redis from 'ioredis';
import { readAudit } from '../../src/audit';
import { userKey, type LinkUser } from '../../src/linking/types';
import type { PersonalDataStore } from '../../src/privacy/erasable';
import { TEST_NOW } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';
import { plain } from '../intents/helpers';
import { dumpRedis, makePrivacyBot } from './support';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.quit());

/** A store as another module would register one (e.g. transcripts): a Redis list per user. */
function notesStore(
  prefix: string,
): PersonalDataStore & { add(user: LinkUser, note: string): Promise<void> } {
  const key = (user: LinkUser) => `${prefix}notes:${userKey(user)}`;
  return {
    name: 'notes',
    async add(user, note) {
      await redis.rpush(key(user), note);
    },
    async describe(user) {
      const n = await redis.llen(key(user));
      return n ? [`${n} notes from our chats.`] : [];
    },
    async erase(user) {
      const n = await redis.llen(key(user));
      await redis.del(key(user));
      return n;
    },
  };
}

describe('"what do you know about me" and "delete my data" across every store', () => {
  it('lists and erases session, link, consent, registered stores and the audit trail; the record holds no personal data', async () => {
    const prefix = uniquePrefix('erasure');
    const notes = notesStore(prefix);
    const t = await makePrivacyBot(redis, prefix, { erasureKey: 'erasure-test-key' });
    t.bot.privacy.register(notes);
    expect(t.bot.privacy.storeNames).toEqual([
      'links',
      'session',
      'consent',
      'audit',
      'rate limits',
      'notes',
    ]);
    expect(() => t.bot.privacy.register(notesStore(prefix))).toThrow(/already registered/);

    const id = 'erase-me-4242';
    const user = { channel: 'test', userId: id };
    const u = t.user(id);
    await t.linkUser(u);
    await u.say("what's my balance");
    await u.say('show my last 5 transactions');
    await notes.add(user, 'asked about a refund');
    const trail = await readAudit(t.audit, userKey(user));
    expect(trail.length).toBeGreaterThanOrEqual(2);

    const known = plain(await u.say('what do you know about me'));
    expect(known).toMatch(/Your test id/);
    expect(known).toMatch(/A link to Sandbox Bank you approved on 2026-03-18/);
    expect(known).toMatch(/The state of our conversation/);
    expect(known).toMatch(/Your consent history with Sandbox Bank: granted on 2026-03-18/);
    expect(known).toMatch(new RegExp(`A record of the ${trail.length} requests I made to your bank`));
    expect(known).toMatch(/1 notes from our chats\./);

    await u.say('delete my data');
    const done = plain(await u.press('Yes, delete it all'));
    expect(done).toMatch(/consent history/);
    expect(done).toMatch(/anonymous code/);

    // Nothing left under the user's id anywhere in Redis.
    const after = await dumpRedis(redis, `${prefix}*`);
    for (const [key, value] of after) {
      expect(key).not.toContain(id);
      expect(value).not.toContain(id);
    }
    expect(await redis.llen(`${prefix}notes:test:${id}`)).toBe(0);

    // The audit trail stays, pseudonymised: same events, user replaced by the keyed hash.
    const alias = t.bot.privacy.alias(user);
    expect(alias).toMatch(/^hmac-sha256:[A-Za-z0-9_-]{43}$/);
    const kept = await readAudit(t.audit, alias);
    expect(kept.map(({ user: _u, ...rest }) => rest)).toEqual(trail.map(({ user: _u, ...rest }) => rest));
    expect(kept.every((e) => e.user === alias)).toBe(true);
    expect(await redis.pttl(`${prefix}audit:${alias}`)).toBeGreaterThan(0);

    // The erasure record: a time, the hash and counts per store — no id, no channel, nothing erased.
    const record = t
      .logs()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; erasure?: Record<string, unknown> })
      .find((l) => l.msg === 'user data erased')?.erasure;
    expect(record).toEqual({
      erasedAt: TEST_NOW.toISOString(),
      subjectHash: alias,
      removed: { links: 1, session: 1, consent: 1, audit: trail.length, 'rate limits': 1, notes: 1 },
    });
    expect(JSON.stringify(record)).not.toMatch(new RegExp(`${id}|test:`));

    // Asked again, Teller holds nothing but what it needs to reply.
    const fresh = t.user(id);
    const now = plain(await fresh.say('what do you know about me'));
    expect(now).toMatch(/Your test id/);
    expect(now).not.toMatch(/link to Sandbox Bank|consent history|requests I made|notes/);
    await t.bot.close();
  });
});
