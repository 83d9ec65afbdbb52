import { defineIntent } from '../src/engine/intent';
import { handoffOf } from '../src/handoff/middleware';

/** Where to turn when no person can join the chat; override with TELLER_FRAUD_CONTACT. */
function emergencyContact(bank: string): string {
  return (
    process.env.TELLER_FRAUD_CONTACT?.trim() ||
    `call ${bank} now on the 24-hour number on the back of your card or on the bank's website`
  );
}

/**
 * Fraud, a lost or stolen card, money taken without permission: never handled by the bot. With
 * live handoff the customer goes to the front of the queue; without it they get the number to call.
 */
export default defineIntent({
  name: 'fraud.report',
  description: 'Report fraud or a lost or stolen card',
  suggestion: 'Report fraud',
  followUps: false,
  examples: [
    'report fraud',
    'i want to report fraud',
    'my card was stolen',
    'my card has been stolen',
    'someone stole my card',
    'i lost my card',
    'i have lost my debit card',
    'my wallet was stolen',
    'freeze my card',
    'block my card',
    'please stop my card',
    'lock my card now',
    'my card is missing',
    'my purse was stolen',
    'charges on my card that i never made',
    'cancel my card it was stolen',
    'someone used my card without permission',
    'i think my account has been hacked',
    'i have been scammed',
    'i think this is a scam',
    'suspicious payment on my card',
    'fraudulent charge',
    'i got a text asking for my pin',
    'my phone was stolen with my banking app',
    'report a stolen card',
    'card stolen',
    'fraud',
    'unauthorised payment',
    'i dont recognise this payment',
    'someone called pretending to be the bank',
  ],
  async handle(ctx) {
    const handoff = handoffOf(ctx);
    if (handoff) {
      await handoff.escalate(ctx.user, { reason: 'intent', intent: 'fraud.report', priority: 'high' }, (r) =>
        ctx.reply(r),
      );
      return;
    }
    await ctx.reply(
      `I'm sorry — this needs a person straight away. Please ${emergencyContact(ctx.services.connector.displayName)}. ` +
        'They can freeze your card and protect your account. Never share your PIN or full card number in this chat.',
    );
  },
});
