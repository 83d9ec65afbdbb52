import { defineIntent } from '../src/engine/intent';
import { buttons } from '../src/engine/reply';
import { suggestionReplies } from '../src/render/suggestions';

export default defineIntent({
  name: 'link',
  description: 'Link your bank account (read-only)',
  suggestion: 'Link account',
  followUps: false,
  examples: [
    'link my account',
    'link my bank account',
    'link account',
    'connect my bank',
    'connect my account',
    'connect to my bank',
    'i want to link my bank',
    'how do i link my account',
    'can i connect my bank account',
    'hook up my bank',
    'add my bank account',
    'sign in to my bank',
    'log in to my bank',
    'login',
    'authorise access to my account',
    'give you access to my account',
    'set up my account',
    'relink my account',
    'reconnect my bank',
    'link again',
    'connect my current account',
    'link my card',
    'lnk my acount',
    'conect bank',
    'lets link my bank',
    'how do i get started with my bank',
    'is my bank linked',
    'am i connected',
  ],
  async handle(ctx) {
    const { connector, linking } = ctx.services;
    const grant = await linking.grant(ctx.user, connector.id);
    if (grant) {
      await ctx.reply(
        `Your ${connector.displayName} account is already linked (read-only). Say "unlink" at any time to revoke it.`,
        suggestionReplies(ctx.services.intents, ['balance', 'spending', 'unlink']),
      );
      return;
    }
    const url = await linking.startUrl(ctx.user, connector.id);
    await ctx.reply(
      buttons(
        `Linking lets me read your ${connector.displayName} balances and transactions so I can answer questions about them. ` +
          "It's read-only: I can never move money. You approve it at your bank, and you can unlink at any time.",
        [{ type: 'link', title: 'Link account', url, connector: connector.id }],
      ),
    );
  },
});
