import { makeTestBot, TEST_NOW } from '../support/bot';

describe('consent ledger through the conversation', () => {
  it('records the opt-in, the revocation on "unlink", and is erased by "delete my data"', async () => {
    const t = await makeTestBot();
    const u = t.user('ledger-user');
    const who = { channel: 'test', userId: 'ledger-user' };

    await t.linkUser(u);
    const granted = await t.bot.ledger.current(who, 'sandbox');
    expect(granted).toMatchObject({
      connector: 'sandbox',
      scopes: ['accounts:read', 'balances:read', 'transactions:read'],
      grantedAt: TEST_NOW.toISOString(),
    });
    expect(granted?.revokedAt).toBeUndefined();

    await u.say('unlink my bank');
    expect(u.lastText()).toMatch(/revoked|unlinked/i);
    const [entry] = await t.bot.ledger.list(who);
    expect(entry?.revokedAt).toBe(TEST_NOW.toISOString());

    await t.linkUser(u);
    await u.say('delete my data');
    await u.press('Yes, delete it all');
    expect(await t.bot.ledger.list(who)).toEqual([]);
    await t.close();
  });
});
