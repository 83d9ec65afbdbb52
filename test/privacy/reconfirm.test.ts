import { DAY_MS } from '../../src/consent';
import { makeTestBot, TEST_NOW, type TestBot } from '../support/bot';
import { controls, plain } from '../intents/helpers';

let now = TEST_NOW.getTime();
let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot({ clock: () => new Date(now) });
});
afterAll(() => t.close());
beforeEach(() => {
  now = TEST_NOW.getTime();
});

const who = (id: string) => ({ channel: 'test', userId: id });
const bankCalls = (id: string) => t.audit.events.filter((e) => e.user === `test:${id}`).length;

describe('consent re-confirmation every 90 days', () => {
  it('asks before the next bank call once due; "Keep sharing" records it and answers the waiting question', async () => {
    const u = t.user('reconfirm-keep');
    await t.linkUser(u);
    expect(plain(await u.say("what's my balance"))).toMatch(/£/);
    expect(plain(await u.say("what's my balance"))).not.toMatch(/keep sharing/i);

    now += 89 * DAY_MS;
    expect(plain(await u.say("what's my balance"))).not.toMatch(/keep sharing/i);

    now += 2 * DAY_MS; // 91 days after linking
    const calls = bankCalls('reconfirm-keep');
    const asked = await u.say('how much did I spend on groceries last month');
    const text = plain(asked);
    expect(text).toMatch(/time to confirm your link to Sandbox Bank \(last confirmed on 2026-03-18\)/);
    expect(text).toMatch(/account list, balances and transactions/);
    expect(text).toMatch(/read-only/);
    expect(controls(asked)).toEqual(['Keep sharing', 'Unlink']);
    expect(text).not.toMatch(/£/);
    // No bank call happened before the answer, and the question keeps waiting through other turns.
    expect(bankCalls('reconfirm-keep')).toBe(calls);
    await u.say('what do you know about me');
    expect(bankCalls('reconfirm-keep')).toBe(calls);

    const answered = plain(await u.press('Keep sharing'));
    expect(answered).toMatch(/groceries/i);
    expect(answered).toMatch(/£/);
    expect(bankCalls('reconfirm-keep')).toBeGreaterThan(calls);
    const entry = await t.bot.ledger.current(who('reconfirm-keep'), 'sandbox', now);
    expect(entry?.reconfirmedAt).toBe(new Date(now).toISOString());

    // Confirmed: no question for the next 90 days, and a second tap of the old button just answers.
    expect(plain(await u.say("what's my balance"))).not.toMatch(/keep sharing/i);
    expect(plain(await u.press('Keep sharing'))).not.toMatch(/time to confirm/);
    now += 90 * DAY_MS;
    expect(plain(await u.say("what's my balance"))).toMatch(/time to confirm.*last confirmed on 2026-06-17/s);
  });

  it('"Unlink" revokes: no bank call, the ledger says revoked, and the next question asks to link', async () => {
    const u = t.user('reconfirm-unlink');
    await t.linkUser(u);
    now += 100 * DAY_MS;
    const calls = bankCalls('reconfirm-unlink');
    await u.say('show my last 5 transactions');
    expect(u.lastText()).toMatch(/keep sharing/i);
    expect(plain(await u.press('Unlink'))).toMatch(/revoked Teller's access at Sandbox Bank/);
    expect(bankCalls('reconfirm-unlink')).toBe(calls);
    const [entry] = await t.bot.ledger.list(who('reconfirm-unlink'));
    expect(entry?.revokedAt).toBe(new Date(now).toISOString());
    expect(controls(await u.say("what's my balance"))).toContain('Link account');
  });

  it('asks again, instead of answering, when the customer ignores the question', async () => {
    const u = t.user('reconfirm-ignore');
    await t.linkUser(u);
    now += 95 * DAY_MS;
    await u.say("what's my balance");
    const again = await u.say("what's my balance");
    expect(controls(again)).toEqual(['Keep sharing', 'Unlink']);
    // The first question's button is stale now: pressing it asks rather than confirming blindly.
    expect(bankCalls('reconfirm-ignore')).toBe(0);
  });
});
