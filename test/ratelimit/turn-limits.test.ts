import { replyToPlainText } from '../../src/engine/reply';
import { RATE_LIMIT_MESSAGE, turnLimits } from '../../src/ratelimit/turn-limits';
import { makeTestBot, type TestBot } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';

describe('turn rate limits on Redis', () => {
  const redis = testRedis();
  const bots: TestBot[] = [];
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.close()));
    await redis.quit();
  });

  async function twoWorkers(limits: Parameters<typeof turnLimits>[0]) {
    const prefix = uniquePrefix('ratelimit');
    const limited: string[] = [];
    const make = () =>
      makeTestBot({
        redis,
        redisPrefix: prefix,
        middleware: [turnLimits({ redis, prefix, ...limits, onLimited: (s) => limited.push(s) })],
      });
    const [a, b] = await Promise.all([make(), make()]);
    bots.push(a, b);
    return { a, b, limited };
  }

  it('one customer over their limit is told once, across workers, and nothing else runs', async () => {
    const { a, b, limited } = await twoWorkers({ perUser: { points: 3, durationSeconds: 60 } });
    // Two workers serve one customer; message ids are Messenger's, unique across workers.
    let mid = 0;
    const via = (bot: TestBot) => {
      const u = bot.user('flooder');
      return { say: (t: string) => u.say(t, `mid.${++mid}`) };
    };
    const onA = via(a);
    const onB = via(b);
    // Three turns shared between two processes use up the customer's allowance…
    expect(replyToPlainText((await onA.say('hi'))[0]!)).not.toBe(RATE_LIMIT_MESSAGE);
    await onB.say('help');
    await onA.say('hi');
    // …the fourth, on either worker, gets the polite explanation instead of an answer…
    const fourth = await onB.say('hi');
    expect(fourth.map(replyToPlainText)).toEqual([RATE_LIMIT_MESSAGE]);
    // …and further messages in the window are dropped quietly rather than answered with more noise.
    expect(await onA.say('hi')).toEqual([]);
    expect(limited).toEqual(['user', 'user']);
    // Another customer is unaffected.
    expect((await a.user('calm').say('hi')).length).toBeGreaterThan(0);
  });

  it('a page over its limit turns customers away, each told once', async () => {
    const { a, limited } = await twoWorkers({
      perUser: { points: 100, durationSeconds: 60 },
      perPage: { points: 2, durationSeconds: 60 },
    });
    await a.user('u1').say('hi');
    await a.user('u2').say('hi');
    const third = await a.user('u3').say('hi');
    const fourth = await a.user('u4').say('hi');
    expect(third.map(replyToPlainText)).toEqual([RATE_LIMIT_MESSAGE]);
    expect(fourth.map(replyToPlainText)).toEqual([RATE_LIMIT_MESSAGE]);
    expect(await a.user('u3').say('hi again')).toEqual([]);
    expect(limited).toEqual(['page', 'page', 'page']);
  });

  it('a customer is served again once the window has passed', async () => {
    const { a } = await twoWorkers({ perUser: { points: 1, durationSeconds: 1 } });
    const u = a.user('patient');
    await u.say('hi');
    expect((await u.say('hi')).map(replyToPlainText)).toEqual([RATE_LIMIT_MESSAGE]);
    await new Promise((r) => setTimeout(r, 1100));
    const later = await u.say('hi');
    expect(later.length).toBeGreaterThan(0);
    expect(later.map(replyToPlainText)).not.toContain(RATE_LIMIT_MESSAGE);
  });
});
