import type { Account, Transaction } from '../src/connectors/types';
import { defineIntent } from '../src/engine/intent';
import { formatMoney, last4, negate } from '../src/money';
import { accountLabel, capitalize, shortDate } from '../src/render/format';
import { describePeriod, namedPeriod } from '../src/render/period';
import { accountsAsked } from '../src/render/accounts';
import { suggestionReplies } from '../src/render/suggestions';

const DEFAULT_COUNT = 5;
const MAX_COUNT = 20;

function row(tx: Transaction, timezone: string, locale: string, account?: Account): string {
  const signed = formatMoney(tx.direction === 'debit' ? negate(tx.amount) : tx.amount, locale);
  const amount = tx.direction === 'credit' ? `+${signed}` : signed;
  const parts = [shortDate(tx.date, timezone, locale), tx.merchant ?? tx.description, amount];
  // Which account, when the list spans several; a bank that shares no account number gets its name.
  if (account) parts.push(account.last4 ? `••${last4(account.last4)}` : account.name);
  return `${parts.join(' · ')}${tx.status === 'pending' ? ' (pending)' : ''}`;
}

export default defineIntent({
  name: 'transactions',
  description: 'List your recent transactions',
  suggestion: 'Transactions',
  requires: ['transactions:read'],
  entities: {
    accountType: {
      required: true,
      ask: 'Which account?',
      options: [
        { title: 'Current account', value: 'checking' },
        { title: 'Savings', value: 'savings' },
        { title: 'Credit card', value: 'credit_card' },
        { title: 'All accounts', value: '*' },
      ],
    },
    count: {},
    category: {},
    merchant: {},
    dateRange: {},
  },
  examples: [
    'transactions',
    'my transactions',
    'recent transactions',
    'show my recent transactions',
    'show me my last transactions',
    'last 5 transactions',
    'last 3 transactions on my savings',
    'show last ten transactions',
    'list my transactions',
    'transaction history',
    'show my statement',
    'mini statement',
    'latest payments',
    'recent payments out',
    'what came out of my account recently',
    'whats gone out of my account',
    'what went in and out this week',
    'show recent activity',
    'account activity',
    'recent card payments',
    'my last purchases',
    'last few purchases on my credit card',
    'show transactions on my current account',
    'checking account transactions',
    'credit card transactions',
    'savings account history',
    'any pending transactions',
    'pending payments',
    'anything pending on my credit card',
    'did my rent payment go through',
    'has my salary come in',
    'latest deposits',
    'list payments to amazon',
    'show tesco transactions',
    'transactons',
    'show me transations',
    'last transaction',
    'what was my last payment',
    'recent debits and credits',
    'show me everything from last week',
    'what direct debits came out',
    'what did i buy today',
    'what was the last thing i bought',
    'what did i pay for on saturday',
    'has my pay gone in',
    'did my wages arrive',
  ],
  async handle(ctx) {
    const { timezone, locale } = ctx.prefs;
    const { category, merchant } = ctx.entities;
    const count = Math.min(Math.max(ctx.entities.count ?? DEFAULT_COUNT, 1), MAX_COUNT);
    const range = ctx.entities.dateRange ?? namedPeriod('last_90_days', ctx.now(), timezone);
    const follow = suggestionReplies(ctx.services.intents, ['balance', 'spending']);

    const mine = await accountsAsked(ctx);
    if (!mine) return;
    const { accounts } = mine;
    const txs = await ctx.bank.transactions({
      from: range.from,
      to: range.to,
      timezone,
      includePending: true,
      accountIds: accounts.map((a) => a.id),
      ...(category ? { category } : {}),
      ...(merchant ? { merchant } : {}),
    });
    const newest = [...txs]
      .sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? 1 : -1))
      .slice(0, count);

    const where = accounts.length === 1 ? accountLabel(accounts[0]!) : 'all your accounts';
    const filters = [category ? `in ${category}` : '', merchant ? `at ${capitalize(merchant)}` : '']
      .filter(Boolean)
      .join(' ');
    const when = describePeriod(range, timezone, locale);
    if (newest.length === 0) {
      await ctx.reply(
        `I found no transactions ${[filters, 'on ' + where, when].filter(Boolean).join(' ')}.`,
        follow,
      );
      return;
    }
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const rows = newest.map((tx) =>
      row(tx, timezone, locale, accounts.length > 1 ? byId.get(tx.accountId) : undefined),
    );
    const head =
      newest.length === 1
        ? `Your latest transaction${filters ? ' ' + filters : ''} on ${where}:`
        : `Your last ${newest.length} transactions${filters ? ' ' + filters : ''} on ${where}, newest first:`;
    await ctx.reply(`${head}\n${rows.join('\n')}`, follow);
  },
});
