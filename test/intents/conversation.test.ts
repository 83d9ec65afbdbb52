import { GET_STARTED } from '../../src/engine/payloads';
import { makeTestBot, type TestBot } from '../support/bot';
import { controls, plain } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

describe('greeting', () => {
  it('introduces Teller with suggestions', async () => {
    const replies = await t.user('greet-hi').say('hi');
    expect(plain(replies)).toMatch(/^Hi! I'm Teller/);
    expect(controls(replies)).toEqual(['Balance', 'Spending', 'Transactions', 'Find an ATM', 'Privacy']);
  });

  it('answers the Get Started button the same way', async () => {
    const replies = await t.user('greet-start').postback(GET_STARTED, 'Get Started');
    expect(plain(replies)).toMatch(/^Hi! I'm Teller/);
  });

  it('starts an intent from a suggestion', async () => {
    const u = t.user('greet-press');
    await u.say('hello');
    expect(plain(await u.press('Find an ATM'))).toMatch(/^Where are you\?/);
  });
});

describe('help', () => {
  it('lists the capabilities from the intents', async () => {
    const replies = await t.user('help').say('what can you do');
    const text = plain(replies);
    expect(text).toMatch(/^Here's what I can do:/);
    for (const line of [
      '• Check your balances',
      '• List your recent transactions',
      '• Find the nearest ATM',
      '• Talk to a person',
    ])
      expect(text).toContain(line);
    expect(text).not.toMatch(/When I don't understand|Say hello/);
    expect(controls(replies)).toContain('Balance');
  });
});

describe('fallback and human', () => {
  it('offers a person after two misunderstandings in a row', async () => {
    const u = t.user('fallback-twice');
    const first = await u.say('tell me a joke about penguins');
    expect(plain(first)).toMatch(/^Sorry, I didn't get that\./);
    expect(controls(first)).toEqual(['Balance', 'Spending', 'Find an ATM', 'Help']);
    const second = await u.say("what's the weather doing in Leeds");
    expect(plain(second)).toMatch(/Would you like to talk to a person\?/);
    const human = plain(await u.press('Talk to a person'));
    expect(human).toMatch(/future version/);
    expect(human).toMatch(/number on the back of your card/);
  });

  it('starts counting again after an understood message', async () => {
    const u = t.user('fallback-reset');
    await u.say('tell me a joke');
    await u.say('hi');
    expect(plain(await u.say('who won the football'))).not.toMatch(/talk to a person/);
  });

  it('answers a request for a human directly', async () => {
    const replies = await t.user('human').say('can I speak to a real person please');
    expect(plain(replies)).toMatch(/can't pass you to a person from this chat yet/);
    expect(controls(replies).length).toBeGreaterThan(0);
  });
});
