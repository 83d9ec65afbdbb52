import { makeTestBot, type TestBot } from '../support/bot';
import { plain } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

/** How each intent's answer starts, as a linked customer sees it. */
const SIGNATURE: Record<string, RegExp> = {
  greeting: /^Hi! I'm Teller/,
  help: /^Here's what I can do/,
  balance: /^Your balances?:/,
  spending: /^(You spent|You didn't spend|Refunds of)/,
  transactions: /^(Which account\?|Your (last|latest) )/,
  'atm.nearest': /^(Where are you\?|The nearest |Sorry, I couldn't find ")/,
  link: /already linked/,
  unlink: /^Done: I revoked/,
  'privacy.info': /^Here's everything I keep about you/,
  'privacy.delete': /^Are you sure\?/,
  human: /can't pass you to a person/,
  fallback: /^Sorry, I didn't get that/,
};

/** Phrasings that are not training examples, typed the way customers type. */
const PARAPHRASES: [string, string][] = [
  ['greeting', 'hey hey'],
  ['greeting', 'good morning teller'],
  ['greeting', 'hiya there'],
  ['help', 'what sort of stuff can you do'],
  ['help', 'what can this bot help me with?'],
  ['help', 'show me what you can do'],
  ['balance', 'how much is in my bank'],
  ['balance', 'what is my current balance pls'],
  ['balance', 'hows my savings looking'],
  ['balance', 'how much do I owe on the card'],
  ['spending', 'how much have I spent on food this month'],
  ['spending', 'what did I spend at starbucks last week'],
  ['spending', 'how much went on dining out in february'],
  ['spending', 'total spend over the past 30 days'],
  ['transactions', 'show me my last few transactions'],
  ['transactions', 'list the last 10 payments from my checking account'],
  ['transactions', 'what are my latest transactions'],
  ['atm.nearest', 'where can I find a cash machine'],
  ['atm.nearest', 'nearest cashpoint to Waterloo'],
  ['atm.nearest', 'is there an ATM near Oxford Circus'],
  ['link', 'i want to connect my bank account'],
  ['link', 'please link my acount'],
  ['link', 'how can I link my bank'],
  ['unlink', 'disconnect my bank account please'],
  ['unlink', 'revoke teller access to my bank'],
  ['unlink', 'unlink my bank account'],
  ['privacy.info', 'what data have you got on me'],
  ['privacy.info', 'do you store my transactions?'],
  ['privacy.info', 'what info do you keep about me'],
  ['privacy.delete', 'please delete all my data'],
  ['privacy.delete', 'forget everything about me'],
  ['privacy.delete', 'erase my personal data'],
  ['human', 'I want to talk to a human'],
  ['human', 'can I speak to an agent'],
  ['human', 'put me through to a real person'],
  ['fallback', "what's the weather in Paris"],
  ['fallback', 'tell me a funny joke'],
  ['fallback', 'who won the match yesterday'],
];

describe('routing through the real NLU', () => {
  it.each(PARAPHRASES)('%s ← %p', async (intent, phrase) => {
    const u = t.user(`route-${phrase}`);
    await t.linkUser(u);
    const answer = plain(await u.say(phrase));
    expect(answer).toMatch(SIGNATURE[intent]!);
  });
});
