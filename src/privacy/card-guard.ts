import type { Middleware } from '../engine/composer';
import type { TurnContext } from '../engine/context';
import { CARD_NUMBER_WARNING, mentionsCardNumber, onlyRedactions, redactCardNumbers } from './card-numbers';

/**
 * The engine's side of card-number redaction, for every channel: runs first in the turn, before
 * understanding, transcripts or handoff see the text. A card number (or the placeholder Messenger's
 * ingress left) gets the calm warning; the rest of the message, if any, is then answered as usual.
 */
export function cardNumberGuard(): Middleware<TurnContext> {
  return async (ctx, next) => {
    const turn = ctx.turn;
    if (turn.postback?.title !== undefined) {
      const r = redactCardNumbers(turn.postback.title);
      if (r.count > 0) turn.postback.title = r.text;
    }
    if (turn.text === undefined || !mentionsCardNumber(turn.text)) return next();
    const cleaned = redactCardNumbers(turn.text).text;
    Object.assign(turn, { text: cleaned });
    ctx.log.info('card number removed from a message');
    await ctx.reply(CARD_NUMBER_WARNING);
    if (onlyRedactions(cleaned)) return;
    await next();
  };
}
