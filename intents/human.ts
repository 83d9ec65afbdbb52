import { defineIntent } from '../src/engine/intent';
import { handoffOf } from '../src/handoff/middleware';
import { suggestionReplies } from '../src/render/suggestions';

/** How to reach a person when the bot has no live handoff; override with TELLER_HUMAN_CONTACT. */
function contact(bank: string): string {
  return process.env.TELLER_HUMAN_CONTACT?.trim() || `call ${bank} on the number on the back of your card`;
}

export default defineIntent({
  name: 'human',
  description: 'Talk to a person',
  suggestion: 'Talk to a person',
  followUps: false,
  examples: [
    'talk to a person',
    'talk to a human',
    'speak to a human',
    'speak to someone',
    'real human',
    'real person please',
    'agent please',
    'agent',
    'human',
    'can i talk to a real person',
    'i want to speak to customer service',
    'customer services',
    'put me through to someone',
    'connect me to an advisor',
    'speak to an adviser',
    'is there a human i can talk to',
    'operator',
    'let me talk to staff',
    'get me a person',
    'i dont want to talk to a bot',
    'youre useless i want a human',
    'call centre number',
    'whats your phone number',
    'contact the bank',
    'how do i contact you',
    'i want to phone the bank',
    'complaint',
    'i want to make a complaint',
  ],
  async handle(ctx) {
    const handoff = handoffOf(ctx);
    if (handoff) {
      // Offered after two "I didn't get that" in a row (see fallback.ts), or asked for directly.
      const reason = ctx.params.via === 'fallbacks' ? 'fallbacks' : 'customer';
      await handoff.escalate(ctx.user, { reason }, (r) => ctx.reply(r));
      return;
    }
    await ctx.reply(
      "I can't pass you to a person from this chat yet — that's coming in a future version. " +
        `To speak to someone now, ${contact(ctx.services.connector.displayName)}. Meanwhile, I'm happy to help with:`,
      suggestionReplies(ctx.services.intents, ['balance', 'spending', 'atm.nearest', 'help']),
    );
  },
});
