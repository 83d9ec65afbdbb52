import type { Card, Reply } from '../../src/engine/reply';
import { makeTestBot, type TestBot } from '../support/bot';
import { plain } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

const cardsOf = (replies: Reply[]): Card[] => replies.flatMap((r) => (r.type === 'cards' ? r.cards : []));

describe('multi-turn context', () => {
  it('an "All accounts" answer is remembered for the follow-up', async () => {
    const u = t.user('mt-all');
    await t.linkUser(u);
    expect(plain(await u.say('show my recent transactions'))).toMatch(/Which account\?/);
    expect(plain(await u.press('All accounts'))).toMatch(/transactions/i);
    const next = plain(await u.say('and last week?'));
    expect(next).not.toMatch(/Which account\?/);
    expect(next).toMatch(/·/);
  });

  it('filters typed with the first question survive the "where are you?" question', async () => {
    const u = t.user('mt-atm');
    expect(plain(await u.say('fee-free atm that takes deposits'))).toMatch(/Where are you\?/);
    const place = t.bank.gazetteer.lookup("King's Cross")!;
    const cards = cardsOf(await u.shareLocation({ lat: place.lat, lon: place.lon }));
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards) {
      expect(c.subtitle).toMatch(/Free/);
      expect(c.subtitle).toMatch(/Takes deposits/);
    }
  });

  it('a place that cannot be found is asked for again, keeping the filters', async () => {
    const u = t.user('mt-atm-again');
    expect(plain(await u.say('fee free cash machine near Xyzzyville'))).toMatch(/couldn't find/);
    const cards = cardsOf(await u.say('Piccadilly Circus'));
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards) expect(c.subtitle).toMatch(/Free/);
  });

  it('an understood question ends a run of fallbacks even when it stops at the link gate', async () => {
    const u = t.user('mt-fallbacks');
    expect(plain(await u.say('tell me a joke'))).toMatch(/didn't get that/);
    expect(plain(await u.say("what's my balance"))).toMatch(/permission to read your accounts/);
    const third = plain(await u.say('who won the football'));
    expect(third).toMatch(/didn't get that/);
    expect(third).not.toMatch(/talk to a person/i);
  });

  it('a question waiting for opt-in survives "link my account" and is answered after approval', async () => {
    const u = t.user('mt-link');
    await u.say("what's my balance");
    await u.say('link my account');
    const before = u.all.length;
    await t.linkUser(u);
    const after = plain(u.all.slice(before));
    expect(after).toMatch(/You're linked/);
    expect(after).toMatch(/Your balances:/);
  });
});
