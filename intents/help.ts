import { defineIntent } from '../src/engine/intent';
import { bullets } from '../src/render/format';
import { MAIN_SUGGESTIONS, suggestionReplies } from '../src/render/suggestions';

/** Intents that are about the conversation itself, not something a customer asks for. */
const HIDDEN = new Set(['fallback', 'greeting', 'help']);
/** Everyday questions first; any other intent follows in its own order. */
const ORDER = [
  'balance',
  'spending',
  'transactions',
  'atm.nearest',
  'link',
  'unlink',
  'privacy.info',
  'privacy.delete',
  'human',
];

function rank(name: string): number {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
}

export default defineIntent({
  name: 'help',
  description: 'What I can do',
  suggestion: 'Help',
  followUps: false,
  examples: [
    'help',
    'help me',
    'help pls',
    'what can you do',
    'what can u do',
    'what do you do',
    'what are you able to do',
    'what can i ask you',
    'what can i ask',
    'what are my options',
    'show me the options',
    'menu',
    'main menu',
    'show menu',
    'how does this work',
    'how do i use this',
    'how do i use this bot',
    'what is this bot for',
    'what kind of things can you help with',
    'what can you help me with',
    'list your features',
    'what features do you have',
    'commands',
    'i need help',
    'im stuck',
    'what questions can i ask',
    'what does teller do',
    'instructions',
    'how does teller work',
    'can you help',
  ],
  async handle(ctx) {
    const lines = ctx.services.intents
      .filter((i) => !HIDDEN.has(i.name) && i.description)
      .sort((a, b) => rank(a.name) - rank(b.name))
      .map((i) => i.description as string);
    await ctx.reply(
      `Here's what I can do:\n${bullets(lines)}\n\nJust ask in your own words, e.g. "how much did I spend on groceries last month?"`,
      suggestionReplies(ctx.services.intents, [...MAIN_SUGGESTIONS, 'human']),
    );
  },
});
