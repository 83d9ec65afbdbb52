import { makeTestBot, type TestBot } from '../support/bot';
import { controls, plain } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

describe('link', () => {
  it('explains what linking shares and offers the link button', async () => {
    const u = t.user('link-new');
    const replies = await u.say('link my bank account');
    const text = plain(replies);
    expect(text).toMatch(/read-only/);
    expect(text).toMatch(/never move money/);
    expect(text).toMatch(/unlink at any time/);
    expect(controls(replies)).toContain('Link account');
    const button = u.findControl('Link account');
    expect(button).toMatchObject({ type: 'link', connector: 'sandbox' });
  });

  it('says when the account is already linked, and how to unlink', async () => {
    const u = t.user('link-again');
    await t.linkUser(u);
    const text = plain(await u.say('connect my bank'));
    expect(text).toMatch(/already linked/);
    expect(text).toMatch(/unlink/);
  });
});

describe('unlink', () => {
  it('revokes the link, after which bank questions ask to link again', async () => {
    const u = t.user('unlink-linked');
    await t.linkUser(u);
    const text = plain(await u.say('disconnect my bank'));
    expect(text).toMatch(/revoked Teller's access at Sandbox Bank and deleted the access I held/);
    expect(controls(await u.say("what's my balance"))).toContain('Link account');
  });

  it('says so when nothing is linked', async () => {
    const u = t.user('unlink-none');
    expect(plain(await u.say('revoke access'))).toMatch(/isn't linked, so there's nothing to unlink/);
  });
});
