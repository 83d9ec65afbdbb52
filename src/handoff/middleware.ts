import type { Middleware } from '../engine/composer';
import type { TurnContext } from '../engine/context';
import { replyToPlainText, text } from '../engine/reply';
import { userKey } from '../linking/types';
import type { Handoff } from './handoff';
import { BACK_TO_BOT, cancelledReply, LEAVE_MESSAGE, LEAVE_MESSAGE_TEXT } from './messages';
import { withPeople } from './state';

const attached = new WeakMap<TurnContext, Handoff>();

/** The handoff serving this turn, when the bot has one (intents use it to escalate). */
export function handoffOf(ctx: TurnContext): Handoff | undefined {
  return attached.get(ctx);
}

/** What the customer did, as a transcript line. */
function said(ctx: TurnContext): string {
  if (ctx.turn.location) return '📍 Shared a location';
  if (ctx.turn.postback) return ctx.turn.postback.title ?? '[pressed a button]';
  return ctx.turn.text ?? '';
}

/**
 * The handoff gate, run after the session loads and before understanding. While a customer waits
 * for or talks to a person, their messages go to the person and the bot stays silent; otherwise
 * the turn runs as usual and both sides are added to the (sealed, masked) transcript.
 */
export function handoffMiddleware(h: Handoff): Middleware<TurnContext> {
  return async (ctx, next) => {
    attached.set(ctx, h);
    const key = userKey(ctx.user);
    const at = ctx.now().getTime();
    const [record] = await Promise.all([h.store.get(key), h.store.touch(key, at)]);
    const payload = ctx.turn.postback?.payload;
    const reply = async (r: ReturnType<typeof text>) => {
      await ctx.reply(r);
      await h.record(key, { at: ctx.now().getTime(), from: 'bot', text: replyToPlainText(r) });
    };

    if (record && withPeople(record.state)) {
      await h.record(key, { at, from: 'customer', text: said(ctx) });
      if (record.state === 'queued' && payload === BACK_TO_BOT) {
        if (await h.cancel(key)) await reply(cancelledReply(h.o.botName));
        return;
      }
      if (record.state === 'queued' && payload === LEAVE_MESSAGE) {
        const applied = await h.apply(key, { type: 'leaveMessage', at });
        if (applied.ok) await reply(text(LEAVE_MESSAGE_TEXT));
        return;
      }
      await h.apply(key, { type: 'customerMessage', at });
      return; // a person answers: no NLU, no bot reply
    }

    await h.record(key, { at, from: 'customer', text: said(ctx) });
    if (payload === BACK_TO_BOT || payload === LEAVE_MESSAGE) {
      // A button from a wait that is already over.
      await reply(cancelledReply(h.o.botName));
      return;
    }
    await next();
    if (ctx.sessionEnded) return; // "delete my data": nothing more is written
    const done = ctx.now().getTime();
    for (const r of ctx.sent) await h.record(key, { at: done, from: 'bot', text: replyToPlainText(r) });
  };
}
