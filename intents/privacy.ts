import { defineIntent } from '../src/engine/intent';
import { bullets } from '../src/render/format';
import { suggestionReplies } from '../src/render/suggestions';

export default defineIntent({
  name: 'privacy.info',
  description: 'See what I know about you',
  suggestion: 'Privacy',
  followUps: false,
  examples: [
    'what do you know about me',
    'what data do you keep',
    'what data do you store',
    'what information do you have on me',
    'what do you store about me',
    'do you keep my data',
    'do you save my transactions',
    'do you store my bank details',
    'privacy',
    'privacy policy',
    'is my data safe',
    'who can see my data',
    'do you sell my data',
    'how do you use my data',
    'what personal info do you hold',
    'data protection',
    'gdpr',
    'show me my data',
    'what have you saved about me',
    'are you recording this chat',
    'do you remember my balance',
    'where is my data kept',
    'do you keep my details',
    'is my info stored anywhere',
    'how long do you keep my data',
    'wat info u got on me',
  ],
  async handle(ctx) {
    const facts = await ctx.services.privacy.describe(ctx.user);
    await ctx.reply(
      `Here's everything I keep about you:\n${bullets(facts)}`,
      suggestionReplies(ctx.services.intents, ['privacy.delete', 'unlink']),
    );
  },
});
