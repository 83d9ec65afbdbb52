import type { AccountType } from '../src/connectors/types';
import type { AccountBalance } from '../src/engine/bank-access';
import { defineIntent } from '../src/engine/intent';
import { abs, compare, sumByCurrency, toMinor } from '../src/money';
import { accountLabel, joinWords, money, moneyList } from '../src/render/format';
import { suggestionReplies } from '../src/render/suggestions';

const TYPE_WORDS: Record<AccountType, string> = {
  checking: 'current account',
  savings: 'savings account',
  credit_card: 'credit card',
};

function line({ account, balance }: AccountBalance, locale: string): string {
  const label = accountLabel(account);
  const { current, available } = balance;
  if (account.type === 'credit_card') {
    // A card's booked balance is what is owed, as a negative amount.
    const sign = toMinor(current);
    const head =
      sign < 0n
        ? `${money(abs(current), locale)} owed`
        : sign === 0n
          ? 'nothing owed'
          : `${money(current, locale)} in credit`;
    return available
      ? `${label}: ${head} (${money(available, locale)} available credit)`
      : `${label}: ${head}`;
  }
  const showAvailable =
    available && available.currency === current.currency && compare(available, current) !== 0;
  return showAvailable
    ? `${label}: ${money(current, locale)} (available ${money(available, locale)})`
    : `${label}: ${money(current, locale)}`;
}

export default defineIntent({
  name: 'balance',
  description: 'Check your balances',
  suggestion: 'Balance',
  requires: ['balances:read'],
  entities: { accountType: {} },
  examples: [
    'balance',
    'my balance',
    "what's my balance",
    'whats my balance',
    'what is my balance',
    'check my balance',
    'show me my balance',
    'balance please',
    'bal',
    'how much money do i have',
    'how much have i got',
    'how much money have i got left',
    'how much is in my account',
    'how much is in my current account',
    'how much is in my checking account',
    'how much do i have in savings',
    'savings balance',
    'balance in savings',
    "what's in my savings",
    'how much have i saved',
    'how much do i owe on my credit card',
    'credit card balance',
    'whats my card balance',
    'how much credit have i got left',
    'available credit',
    'checking balance',
    'current account balance',
    'account balance',
    'balances for all my accounts',
    'show all balances',
    'am i overdrawn',
    'am i in the red',
    'how much cash is in the bank',
    'what do i have available to spend',
    'whats my available balance',
    'blance',
    'check balence',
    'how much money is in my acount',
    'how much is left in my bank account',
    'how much do i have',
    'whats my current account at',
    'how are my savings doing',
    'hows my savings account',
  ],
  async handle(ctx) {
    const locale = ctx.prefs.locale;
    const type = ctx.entities.accountType;
    const list = await ctx.bank.balances(type);
    const follow = suggestionReplies(ctx.services.intents, ['spending', 'transactions']);

    if (list.length === 0) {
      const all = await ctx.bank.accounts();
      if (!type || all.length === 0) {
        await ctx.reply(`I couldn't find any accounts at ${ctx.bank.displayName}.`, follow);
        return;
      }
      await ctx.reply(
        `You don't have a ${TYPE_WORDS[type]} with ${ctx.bank.displayName}. Your accounts are: ${joinWords(all.map(accountLabel))}.`,
        suggestionReplies(ctx.services.intents, ['balance', 'spending']),
      );
      return;
    }

    const lines = list.map((ab) => line(ab, locale));
    if (list.length > 1) {
      const totals = sumByCurrency(list.map((ab) => ab.balance.current));
      const hasCard = list.some((ab) => ab.account.type === 'credit_card');
      lines.push(
        `Total: ${moneyList(totals.values(), locale)}${hasCard ? ' (after what you owe on cards)' : ''}`,
      );
    }
    const head = list.length === 1 ? 'Your balance:' : 'Your balances:';
    await ctx.reply(`${head}\n${lines.join('\n')}`, follow);
  },
});
