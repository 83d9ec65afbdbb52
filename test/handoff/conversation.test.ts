import type Redis from 'ioredis';
import { tick } from '../../src/handoff';
import { testRedis, uniquePrefix } from '../support/redis';
import { ALICE, BOB, makeHandoffBot, plain, type HandoffBot } from './helpers';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.quit());

describe.each(['memory', 'redis'] as const)('handoff conversations (%s)', (storage) => {
  let t: HandoffBot;
  beforeEach(async () => {
    t = await makeHandoffBot(storage === 'redis' ? { redis, prefix: uniquePrefix('handoff-conv') } : {});
  });
  afterEach(() => t.close());

  it('asking for a person queues the customer with their place and wait; the bot then stays silent', async () => {
    const first = t.user('c1');
    const reply = plain(await first.say('can I speak to a real person please'));
    expect(reply).toMatch(/passing you to a member of our team/);
    expect(reply).toMatch(/number 1 in the queue/);
    expect(reply).toMatch(/estimated wait is about 3 minutes/);
    expect(plain(await t.user('c2').say('I want to talk to a human'))).toMatch(
      /number 2 in the queue.*about 6 minutes/,
    );

    // While queued, questions go to the person, not the NLU.
    expect(await first.say("what's my balance")).toEqual([]);
    const c = await t.handoff.conversation('test:c1');
    expect(c.entries.map((e) => `${e.from}: ${e.text.split('\n')[0]}`)).toEqual([
      'customer: can I speak to a real person please',
      expect.stringMatching(/^bot: I'm passing you/),
      "customer: what's my balance",
    ]);
    expect(t.events).toContainEqual({ type: 'queue' });
  });

  it('an agent claims, messages flow both ways, and the bot says it is back after the hand-back', async () => {
    const u = t.user('c3');
    await u.say('talk to a person');
    expect(await t.handoff.claim('test:c3', ALICE)).toEqual({ ok: true });
    expect(u.lastText()).toMatch(
      /now chatting with Alice, a member of the Demo Bank team|now chatting with Alice/,
    );
    expect(await t.handoff.claim('test:c3', BOB)).toEqual({ ok: false, state: 'agent', agent: 'alice' });

    await t.handoff.send('test:c3', ALICE, 'Hello, how can I help?');
    expect(u.lastText()).toBe('Hello, how can I help?');
    expect(await u.say('my direct debit bounced')).toEqual([]);
    expect(t.events).toContainEqual({
      type: 'message',
      key: 'test:c3',
      entry: expect.objectContaining({ from: 'customer', text: 'my direct debit bounced' }),
    });
    await expect(t.handoff.send('test:c3', BOB, 'hi')).rejects.toMatchObject({
      code: 'TELLER_ERR_HANDOFF_CONFLICT',
    });
    await t.handoff.note('test:c3', ALICE, 'customer sounded worried');
    expect(u.all.map((r) => plain([r]))).not.toContainEqual(expect.stringMatching(/worried/));

    await t.handoff.handBack('test:c3', ALICE);
    expect(u.lastText()).toMatch(
      /Alice has handed you back to me\. You're chatting with Teller, the automated assistant, again/,
    );
    expect(plain(await u.say('what can you do'))).toMatch(/^Here's what I can do/);
    const record = await t.handoff.store.get('test:c3');
    expect(record?.state).toBe('bot');
  });

  it('two fallbacks in a row offer a person; accepting queues with that reason', async () => {
    const u = t.user('c4');
    await u.say('tell me a joke');
    expect(plain(await u.say('what is the meaning of life'))).toMatch(/talk to a person\?/);
    expect(plain(await u.press('Talk to a person'))).toMatch(/number 1 in the queue/);
    expect(await t.handoff.store.get('test:c4')).toMatchObject({ state: 'queued', reason: 'fallbacks' });
  });

  it('fraud goes to the front of the queue, flagged urgent', async () => {
    await t.user('c5').say('talk to a human');
    const reply = plain(await t.user('c6').say('my card was stolen'));
    expect(reply).toMatch(/flagged this as urgent/);
    expect(reply).toMatch(/number 1 in the queue/);
    expect((await t.handoff.store.queue()).map((e) => e.key)).toEqual(['test:c6', 'test:c5']);
    expect(await t.handoff.store.get('test:c6')).toMatchObject({
      priority: 'high',
      reason: 'intent',
      intent: 'fraud.report',
    });
  });

  it('sends "still waiting" once, then offers the bot or a message; both choices work', async () => {
    const u = t.user('c7');
    await u.say('agent please');
    t.advance(2 * 60_000 + 1);
    await tick(t.handoff);
    await tick(t.handoff);
    expect(u.all.filter((r) => plain([r]).startsWith('Thanks for waiting'))).toHaveLength(1);
    t.advance(8 * 60_000);
    await tick(t.handoff);
    expect(u.lastText()).toMatch(/busier than usual/);
    expect(plain(await u.press('Leave a message'))).toMatch(/type your message/);
    expect(await u.say('please call me back about my mortgage')).toEqual([]);
    expect(await t.handoff.store.get('test:c7')).toMatchObject({ state: 'queued', leftMessage: true });
    expect(plain(await u.press('Back to the bot'))).toMatch(/back with Teller, the automated assistant/);
    expect((await t.handoff.store.get('test:c7'))?.state).toBe('bot');
    expect(await t.handoff.store.queueLength()).toBe(0);
  });

  it('a customer left unanswered by a person goes back to the queue, in their old place, and is told', async () => {
    const waiting = t.user('c10');
    const held = t.user('c9');
    await held.say('talk to a person');
    t.advance(1000);
    await waiting.say('talk to a person');
    await t.handoff.claim('test:c9', ALICE);
    await t.handoff.send('test:c9', ALICE, 'Hi, Alice here.');
    // Answered questions never trigger it, however long the agent takes to type the next one.
    t.advance(30 * 60_000);
    await tick(t.handoff);
    expect((await t.handoff.store.get('test:c9'))?.state).toBe('agent');

    await held.say('are you still there?');
    t.advance(9 * 60_000);
    await tick(t.handoff);
    expect((await t.handoff.store.get('test:c9'))?.state).toBe('agent');
    t.advance(60_000 + 1);
    await tick(t.handoff);
    await tick(t.handoff);
    const record = await t.handoff.store.get('test:c9');
    expect(record).toMatchObject({ state: 'queued' });
    expect(record?.agent).toBeUndefined();
    // Told once, ahead of the customer who asked after them.
    expect(held.all.filter((r) => plain([r]).startsWith('Sorry for the silence'))).toHaveLength(1);
    expect(held.lastText()).toMatch(/back in the queue, number 1/);
    expect(await t.handoff.store.position('test:c10')).toBe(2);
    expect((await t.handoff.conversation('test:c9')).entries.map((e) => e.text)).toContain(
      'Returned to the queue: the customer waited too long for a reply',
    );
    // Alice can no longer write into it; Bob can pick it up with its history.
    await expect(t.handoff.send('test:c9', ALICE, 'sorry!')).rejects.toMatchObject({
      code: 'TELLER_ERR_HANDOFF_CONFLICT',
    });
    expect(await t.handoff.claim('test:c9', BOB)).toEqual({ ok: true });
  });

  it('an agent can pick a conversation that is with the bot, and resolve it', async () => {
    const u = t.user('c8');
    await u.say('hello');
    expect(await t.handoff.pick('test:c8', ALICE)).toEqual({ ok: true });
    expect(u.lastText()).toMatch(/now chatting with Alice/);
    await t.handoff.resolve('test:c8', ALICE);
    expect(u.lastText()).toMatch(
      /Alice has closed this chat\. You're chatting with Teller, the automated assistant/,
    );
    expect(plain(await u.say('help'))).toMatch(/^Here's what I can do/);
  });
});

describe('handoff state survives a restart (redis)', () => {
  it('a queued customer is still queued, and still not answered by the bot, after the bot restarts', async () => {
    const prefix = uniquePrefix('handoff-restart');
    const before = await makeHandoffBot({ redis, prefix });
    await before.user('r1').say('talk to a person');
    await before.close();
    const after = await makeHandoffBot({ redis, prefix });
    try {
      // A fresh message id: the restarted channel's counter starts again, and Redis remembers ids seen.
      expect(await after.user('r1').say("what's my balance", 'after-restart-1')).toEqual([]);
      expect((await after.handoff.store.queue()).map((e) => e.key)).toEqual(['test:r1']);
      expect((await after.handoff.conversation('test:r1')).entries.at(-1)?.text).toBe("what's my balance");
    } finally {
      await after.close();
    }
  });
});
