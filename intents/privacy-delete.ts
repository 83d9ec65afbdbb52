import { randomUUID } from 'node:crypto';
import { defineIntent } from '../src/engine/intent';
import { intentPayload } from '../src/engine/payloads';
import { quick } from '../src/engine/reply';
import { payloadWith, suggestionReplies } from '../src/render/suggestions';

const NAME = 'privacy.delete';
/** Session scratch key: the nonce of the confirmation we asked for (no bank data). */
const MARKER = 'privacy.delete.confirm';
/** A confirmation button older than this asks again. */
const CONFIRM_WINDOW_MS = 10 * 60_000;

interface Marker {
  nonce: string;
  at: number;
}

function readMarker(value: unknown): Marker | undefined {
  const m = value as Partial<Marker> | undefined;
  return m && typeof m.nonce === 'string' && typeof m.at === 'number'
    ? { nonce: m.nonce, at: m.at }
    : undefined;
}

/**
 * Two steps. The request stores a one-time nonce in the session and shows "Yes, delete everything",
 * whose payload carries that nonce; only a press with the matching, fresh nonce erases. Erasing
 * deletes the session, so a second tap of the same button finds no nonce: it is told the data is
 * already gone instead of erasing (or asking) again.
 */
export default defineIntent({
  name: NAME,
  description: 'Delete everything I keep about you',
  suggestion: 'Delete my data',
  followUps: false,
  examples: [
    'delete my data',
    'delete all my data',
    'delete everything you know about me',
    'forget me',
    'forget about me',
    'forget everything',
    'erase everything',
    'erase my data',
    'erase my information',
    'wipe my data',
    'remove all my information',
    'remove my personal data',
    'clear my data',
    'clear my history',
    'i want my data deleted',
    'right to be forgotten',
    'gdpr delete request',
    'delete my account with teller',
    'stop storing my data',
    'purge my info',
    'delete our conversation',
    'delet my data',
    'get rid of all my details',
    'nuke my data',
  ],
  async handle(ctx) {
    const now = ctx.now().getTime();
    const confirm = ctx.params.confirm;
    const marker = readMarker(ctx.session.data[MARKER]);

    if (ctx.params.cancel) {
      delete ctx.session.data[MARKER];
      await ctx.reply(
        'OK, nothing was deleted.',
        suggestionReplies(ctx.services.intents, ['privacy.info', 'help']),
      );
      return;
    }

    if (confirm && marker && marker.nonce === confirm && now - marker.at <= CONFIRM_WINDOW_MS) {
      const linked = await ctx.services.linking.grant(ctx.user, ctx.services.connector.id);
      await ctx.eraseUserData();
      const bank = ctx.services.connector.displayName;
      await ctx.reply(
        'Done. I deleted everything I kept about you: ' +
          (linked
            ? `I revoked my access at ${bank} and deleted the link, `
            : `there was no link to ${bank}, `) +
          'and I deleted our conversation state, your consent history and any other records of our chats. ' +
          'My log of requests to your bank stays for compliance under an anonymous code, with nothing that points to you. ' +
          'Nothing else was kept — I never store balances, transactions or account numbers. ' +
          'If you message me again, I start from scratch.',
      );
      return;
    }

    if (confirm && !marker) {
      const linked = await ctx.services.linking.grant(ctx.user, ctx.services.connector.id);
      if (!linked) {
        // A repeated tap after the erase already happened, or an old button with nothing left to erase.
        ctx.endSession();
        await ctx.reply('Your data is already deleted — there is nothing left to erase.');
        return;
      }
    }

    const nonce = randomUUID();
    ctx.session.data[MARKER] = { nonce, at: now } satisfies Marker;
    await ctx.reply(
      'Are you sure? This revokes my access to your bank and deletes everything I keep about you, ' +
        'including our conversation so far. It cannot be undone.',
      [
        quick('Yes, delete it all', payloadWith(intentPayload(NAME), { confirm: nonce })),
        quick('No, keep it', payloadWith(intentPayload(NAME), { cancel: '1' })),
      ],
    );
  },
});
