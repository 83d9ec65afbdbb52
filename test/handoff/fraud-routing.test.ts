import { makeTestBot, type TestBot } from '../support/bot';
import { makeHandoffBot, plain, type HandoffBot } from './helpers';

let plainBot: TestBot;
let withHandoff: HandoffBot;
beforeAll(async () => {
  [plainBot, withHandoff] = await Promise.all([makeTestBot(), makeHandoffBot()]);
});
afterAll(async () => {
  await plainBot.close();
  await withHandoff.close();
});

/** Not training examples: typed the way customers type. */
const FRAUD = [
  'somebody stole my debit card',
  'I need to report a fraudulent payment',
  'I think I have been hacked',
  'I lost my wallet with my cards',
  'there are payments on my card I never made',
];

describe('fraud and stolen cards reach a person', () => {
  it.each(FRAUD)('"%s" goes to the front of the queue when people are available', async (phrase) => {
    const id = `fraud-${FRAUD.indexOf(phrase)}`;
    expect(plain(await withHandoff.user(id).say(phrase))).toMatch(/flagged this as urgent/);
    expect(await withHandoff.handoff.store.get(`test:${id}`)).toMatchObject({
      state: 'queued',
      priority: 'high',
    });
  });

  it('without live handoff, tells the customer to call the bank now', async () => {
    const u = plainBot.user('fraud-plain');
    await plainBot.linkUser(u);
    expect(plain(await u.say('somebody stole my debit card'))).toMatch(/needs a person straight away.*call/);
  });

  it('questions about a card that are not fraud still reach their own intents', async () => {
    const u = plainBot.user('card-questions');
    await plainBot.linkUser(u);
    expect(plain(await u.say('what is my card balance'))).toMatch(/^Your balances?:/);
    expect(plain(await u.say('spending on my card last month'))).toMatch(/^(You spent|You didn't spend)/);
  });
});
