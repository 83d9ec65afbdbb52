import { replyToPlainText } from '../../src/engine/reply';
import { makeTestBot, type TestBot } from '../support/bot';
import { testKeys, testRedis, uniquePrefix } from '../support/redis';

/**
 * Runs only in the `cluster` jest project: a whole conversation through a bot whose Redis is a
 * 3-master Cluster — sessions, locks, dedupe, sent-reply claims, sealed grants, consent, audit.
 */
describe('a bot on Redis Cluster', () => {
  const redis = testRedis();
  let t: TestBot;
  const prefix = uniquePrefix('cluster-bot');
  beforeAll(async () => {
    t = await makeTestBot({ redis, redisPrefix: prefix });
  });
  afterAll(async () => {
    await t.close();
    await redis.quit();
  });

  it('links, answers from the bank, remembers the conversation and erases it', async () => {
    const u = t.user('cluster-amelia');
    expect((await u.say('hi')).map(replyToPlainText).join('\n')).toMatch(/Teller/);
    expect((await u.say("what's my balance")).map(replyToPlainText).join('\n')).toMatch(/Link account/);
    await t.linkUser(u);
    expect(u.transcript()).toMatch(/£[\d,]+\.\d\d/);
    // A follow-up relies on the session written on one master and read back through the cluster.
    expect((await u.say('and my savings?')).map(replyToPlainText).join('\n')).toMatch(/Saver/);
    expect(await testKeys(redis, `${prefix}*`)).not.toEqual([]);
    await u.say('delete my data');
    await u.press('Yes, delete it all');
    const left = (await testKeys(redis, `${prefix}*`)).filter((k) => k.includes('cluster-amelia'));
    expect(left).toEqual([]);
  });
});
