import { defineIntent } from '../src/engine/intent';
import { suggestionReplies } from '../src/render/suggestions';

export default defineIntent({
  name: 'unlink',
  description: 'Unlink your bank account',
  suggestion: 'Unlink',
  followUps: false,
  examples: [
    'unlink',
    'unlink my account',
    'unlink my bank',
    'disconnect my bank',
    'disconnect my account',
    'disconnect',
    'revoke access',
    'revoke your access to my account',
    'remove access to my bank',
    'remove my bank account',
    'stop accessing my account',
    'i dont want you to see my account anymore',
    'cancel the bank link',
    'cancel access',
    'withdraw my consent',
    'take away your access',
    'log out of my bank',
    'logout',
    'sign out',
    'unlnk',
    'disconect my bank',
    'turn off bank access',
    'deauthorise teller',
    'kill the connection to my bank',
  ],
  async handle(ctx) {
    const { connector, linking } = ctx.services;
    const removed = await linking.unlink(ctx.user, connector.id);
    const next = suggestionReplies(ctx.services.intents, ['atm.nearest', 'privacy.info', 'link']);
    if (!removed) {
      await ctx.reply(
        `Your ${connector.displayName} account isn't linked, so there's nothing to unlink.`,
        next,
      );
      return;
    }
    await ctx.reply(
      `Done: I revoked Teller's access at ${connector.displayName} and deleted the access I held. ` +
        "I can't see your balances or transactions any more. Link again whenever you like.",
      next,
    );
  },
});
