import { defineIntent } from '../src/engine/intent';
import { MAIN_SUGGESTIONS, suggestionReplies } from '../src/render/suggestions';

export default defineIntent({
  name: 'greeting',
  description: 'Say hello',
  followUps: false,
  examples: [
    'hi',
    'hello',
    'hey',
    'hiya',
    'heya',
    'yo',
    'hey there',
    'hello there',
    'hi teller',
    'hey bot',
    'good morning',
    'morning',
    'good afternoon',
    'good evening',
    'evening all',
    'howdy',
    'sup',
    'whats up',
    'hi there, anyone around?',
    'hello?',
    'helo',
    'hii',
    'heyyy',
    'get started',
    'start',
    'lets get started',
    'greetings',
    'hi, how are you',
    'hey how r u',
    'alright?',
    'hallo',
    'hi again',
  ],
  async handle(ctx) {
    await ctx.reply(
      `Hi! I'm Teller, your ${ctx.services.connector.displayName} assistant: I can check balances, sum up your spending, ` +
        'list recent transactions and find a nearby ATM — and I never keep your bank data.',
      suggestionReplies(ctx.services.intents, [...MAIN_SUGGESTIONS]),
    );
  },
});
