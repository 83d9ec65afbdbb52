import { makeTestBot, type TestBot } from '../support/bot';
import { ask, controls, plain } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

describe('privacy.info', () => {
  it('lists what is kept, as bullets, with delete and unlink offered', async () => {
    const u = t.user('privacy-info');
    await t.linkUser(u);
    const replies = await u.say('what do you know about me');
    const text = plain(replies);
    expect(text).toMatch(/^Here's everything I keep about you:\n• /);
    expect(text).toMatch(/• A link to Sandbox Bank you approved on 2026-03-18/);
    expect(text).toMatch(/• I never store your balances, transactions or account numbers/);
    expect(controls(replies)).toEqual(['Delete my data', 'Unlink']);
  });
});

describe('privacy.delete', () => {
  it('asks for confirmation, then erases the link and the conversation', async () => {
    const u = t.user('privacy-delete');
    await t.linkUser(u);
    await u.say('how much did i spend last month');

    const confirm = await u.say('delete my data');
    expect(plain(confirm)).toMatch(/^Are you sure\?/);
    expect(controls(confirm)).toEqual(['Yes, delete it all', 'No, keep it']);
    // Nothing is erased until the customer confirms.
    expect(plain(await u.say('what do you know about me'))).toMatch(/A link to Sandbox Bank/);

    await u.say('forget me');
    const done = plain(await u.press('Yes, delete it all'));
    expect(done).toMatch(/revoked my access at Sandbox Bank/);
    expect(done).toMatch(/deleted our conversation state/);
    expect(done).toMatch(/Nothing else was kept/);

    // The conversation is gone: no follow-up context survives.
    const after = await ask(u, 'and last week?');
    expect(after).not.toMatch(/You spent/);

    // The link is gone: a bank question asks to link again.
    const balance = await u.say("what's my balance");
    expect(controls(balance)).toContain('Link account');
  });

  it('survives a double tap on the confirmation', async () => {
    const u = t.user('privacy-double-tap');
    await t.linkUser(u);
    await u.say('erase everything');
    const first = plain(await u.press('Yes, delete it all'));
    expect(first).toMatch(/^Done\./);
    const second = plain(await u.press('Yes, delete it all'));
    expect(second).toMatch(/already deleted/);
    expect(second).not.toMatch(/Are you sure/);
  });

  it('keeps everything when the customer says no', async () => {
    const u = t.user('privacy-cancel');
    await t.linkUser(u);
    await u.say('delete all my data');
    expect(plain(await u.press('No, keep it'))).toMatch(/nothing was deleted/);
    expect(controls(await u.say("what's my balance"))).not.toContain('Link account');
  });

  it('ignores a stale confirmation button once a new question was asked', async () => {
    const u = t.user('privacy-stale');
    await t.linkUser(u);
    await u.say('delete my data');
    const stale = u.findControl('Yes, delete it all') as { payload: string };
    await u.say('delete my data');
    const replay = plain(await u.postback(stale.payload, 'Yes, delete it all'));
    expect(replay).toMatch(/^Are you sure\?/);
    expect(controls(await u.say("what's my balance"))).not.toContain('Link account');
  });
});
