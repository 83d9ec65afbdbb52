import type { Account } from '../connectors/types';
import type { IntentContext } from '../engine/context';
import { accountLabel, joinWords } from './format';

/**
 * The customer's accounts, narrowed to the account type they asked about. When they have none of
 * that type, says so (listing what they do have) and returns undefined: the handler just stops.
 */
export async function accountsAsked(
  ctx: IntentContext,
): Promise<{ all: Account[]; accounts: Account[] } | undefined> {
  const all = await ctx.bank.accounts();
  const type = ctx.entities.accountType;
  const accounts = type ? all.filter((a) => a.type === type) : all;
  if (accounts.length > 0) return { all, accounts };
  await ctx.reply(
    `You don't have an account of that kind. Your accounts are: ${joinWords(all.map(accountLabel))}.`,
  );
  return undefined;
}
