import { defineIntent } from '../src/engine/intent';
import { intentPayload } from '../src/engine/payloads';
import { quick } from '../src/engine/reply';
import { suggestionReplies } from '../src/render/suggestions';

export default defineIntent({
  name: 'fallback',
  description: "When I don't understand",
  followUps: false,
  // Out-of-scope phrases: they train an explicit "none of the above" class.
  examples: [
    "what's the weather like today",
    'will it rain tomorrow',
    'tell me a joke',
    'say something funny',
    'who won the football last night',
    'whats the score in the arsenal game',
    'give me a recipe for lasagne',
    'how do i make pancakes',
    'whats the capital of france',
    'who is the prime minister',
    'what time is it in tokyo',
    'play some music',
    'sing me a song',
    'what is the meaning of life',
    'do you like pizza',
    'are you a robot',
    'whats your favourite colour',
    'i love you',
    'you are stupid',
    'lol',
    'asdfgh',
    'blah blah',
    'book me a taxi',
    'order a pizza',
    'translate this into spanish',
    'write me a poem',
    'what films are on tonight',
    'recommend a good book',
    'how tall is mount everest',
    'my cat is sick',
    'when is the next bus',
    'set an alarm for 7am',
    'whats 2 plus 2',
    'buy bitcoin',
    'recommend a pub for tonight',
    'banana',
    'im bored',
    'can you do my homework',
    'do you sleep',
    'any good movies out',
    'what should i watch tonight',
    'whats good to eat around here',
    'how old are you',
    'whats your name',
  ],
  async handle(ctx) {
    ctx.session.fallbacks = (ctx.session.fallbacks ?? 0) + 1;
    const suggestions = suggestionReplies(ctx.services.intents, [
      'balance',
      'spending',
      'atm.nearest',
      'help',
    ]);
    if (ctx.session.fallbacks >= 2 && ctx.services.intents.some((i) => i.name === 'human')) {
      await ctx.reply("Sorry, I didn't get that either. Would you like to talk to a person?", [
        quick('Talk to a person', intentPayload('human')),
        ...suggestions,
      ]);
      return;
    }
    await ctx.reply("Sorry, I didn't get that. Here are some things I can help with:", suggestions);
  },
});
