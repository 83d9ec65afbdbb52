import type Redis from 'ioredis';
import { tick } from '../../src/handoff';
import { testRedis, uniquePrefix } from '../support/redis';
import { ALICE, makeHandoffBot, plain, type HandoffBot } from './helpers';

let redis: Redis;
let t: HandoffBot;
beforeAll(() => {
  redis = testRedis();
});
beforeEach(async () => {
  t = await makeHandoffBot({ redis, prefix: uniquePrefix('handoff-privacy') });
});
afterEach(() => t.close());
afterAll(() => redis.quit());

const user = (id: string) => ({ channel: 'test', userId: id });

describe('transcripts and privacy', () => {
  it('"what do you know about me" lists the transcript; erasure removes it and the handoff state', async () => {
    const u = t.user('p1');
    await u.say('hello');
    await u.say('talk to a person');
    const facts = await t.bot.privacy.describe(user('p1'));
    expect(facts.join('\n')).toMatch(
      /sealed transcript of our recent messages \(4 lines, card and account numbers removed, amounts hidden\), kept for 24 hours/,
    );
    expect(facts.join('\n')).toMatch(/asked to talk to a person/);

    await t.bot.privacy.erase(user('p1'));
    expect((await t.handoff.conversation('test:p1')).entries).toEqual([]);
    expect(await t.handoff.store.get('test:p1')).toBeUndefined();
    expect(await t.handoff.store.queueLength()).toBe(0);
    expect(await t.bot.privacy.describe(user('p1'))).not.toContainEqual(expect.stringMatching(/transcript/));
  });

  it('"delete my data" in the chat leaves no transcript behind, not even the confirmation', async () => {
    const u = t.user('p2');
    await u.say('hello');
    expect(plain(await u.say('delete all my data'))).toMatch(/Are you sure\?/);
    await u.press('Yes, delete it all');
    expect((await t.handoff.conversation('test:p2')).entries).toEqual([]);
  });

  it('transcripts are bounded and expire', async () => {
    const small = await makeHandoffBot({
      redis,
      prefix: uniquePrefix('handoff-bounded'),
      handoff: { transcripts: { maxEntries: 50 } },
    });
    try {
      for (let i = 0; i < 60; i++)
        await small.handoff.record('test:p3', { at: i, from: 'customer', text: `line ${i}` });
      const entries = (await small.handoff.conversation('test:p3')).entries;
      expect(entries).toHaveLength(50);
      expect(entries[0]!.text).toBe('line 10');
      const [key] = await redis.keys('*{handoff}:transcript:test:p3');
      expect(await redis.ttl(key!)).toBeGreaterThan(23 * 3600);
    } finally {
      await small.close();
    }
  });
});

describe('metrics', () => {
  const value = async (name: string, by?: string) => {
    const metric = await t.bot.metrics.registry.getSingleMetric(name)!.get();
    return metric.values.find((v) => by === undefined || v.labels.by === by)?.value;
  };

  it('counts idle bot-only conversations as resolved by the bot, and person-assisted ones once', async () => {
    await t.user('m1').say('hello');
    await t.user('m2').say('talk to a person');
    await t.handoff.claim('test:m2', ALICE);
    await t.handoff.resolve('test:m2', ALICE);
    expect(await value('teller_conversations_resolved_total', 'person')).toBe(1);
    t.advance(31 * 60_000);
    await tick(t.handoff);
    expect(await value('teller_conversations_resolved_total', 'bot')).toBe(1);
    expect(await value('teller_conversations_resolved_total', 'person')).toBe(1);
  });

  it('reports the queue length and how long customers waited', async () => {
    await t.user('m3').say('talk to a person');
    await t.user('m4').say('talk to a person');
    expect(await value('teller_handoff_queue_length')).toBe(2);
    t.advance(90_000);
    await t.handoff.claim('test:m3', ALICE);
    expect(await value('teller_handoff_queue_length')).toBe(1);
    const text = await t.bot.metrics.registry.metrics();
    expect(text).toMatch(/teller_handoff_wait_seconds_bucket\{le="120",bot="demo-bank"\} 1/);
    expect(text).toMatch(/teller_handoff_wait_seconds_bucket\{le="60",bot="demo-bank"\} 0/);
    // Both asked for a person: two handoffs, counted by reason.
    const handoffs = await t.bot.metrics.registry.getSingleMetric('teller_handoffs_total')!.get();
    expect(handoffs.values.find((v) => v.labels.reason === 'customer')?.value).toBe(2);
  });
});
