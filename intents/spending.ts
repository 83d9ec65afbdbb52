import type { Account, Category, Transaction } from '../src/connectors/types';
import { defineIntent, type IntentParams } from '../src/engine/intent';
import { intentPayload } from '../src/engine/payloads';
import { quick, type QuickReply } from '../src/engine/reply';
import type { DateRange } from '../src/nlu/types';
import { fromMinor, sumByCurrency, toMinor } from '../src/money';
import { accountLabel, capitalize, joinWords, money, moneyList } from '../src/render/format';
import { describePeriod, namedPeriod, type PeriodName } from '../src/render/period';
import { accountsAsked } from '../src/render/accounts';
import { payloadWith } from '../src/render/suggestions';

const CATEGORY_WORDS: Partial<Record<Category, string>> = {
  dining: 'eating out',
  cash: 'cash withdrawals',
  fees: 'bank fees',
  other: 'other things',
};

const PERIODS: { name: PeriodName; title: string }[] = [
  { name: 'this_week', title: 'This week' },
  { name: 'last_week', title: 'Last week' },
  { name: 'this_month', title: 'This month' },
  { name: 'last_month', title: 'Last month' },
];

/** Money moved between the customer's own accounts, including card bill payments. */
function isOwnTransfer(tx: Transaction, accounts: Account[]): boolean {
  if (tx.category !== 'transfers') return false;
  const text = `${tx.description} ${tx.merchant ?? ''}`.toLowerCase();
  return accounts.some(
    (a) => text.includes(a.name.toLowerCase()) || (a.last4.length >= 4 && text.includes(a.last4)),
  );
}

/**
 * What counts as spending: card payments, bills, cash withdrawals and fees (booked and pending),
 * minus refunds in those categories. Income and transfers never count — unless the customer asks
 * about transfers, and then only money sent to other people, never between their own accounts.
 */
function signedSpend(tx: Transaction, accounts: Account[], asked?: Category): bigint {
  if (tx.category === 'income') return 0n;
  if (tx.category === 'transfers' && (asked !== 'transfers' || isOwnTransfer(tx, accounts))) return 0n;
  const minor = toMinor(tx.amount);
  return tx.direction === 'debit' ? minor : -minor;
}

interface Group {
  label: string;
  currency: string;
  minor: bigint;
}

function topGroups(items: { key: string; currency: string; minor: bigint }[], n: number): Group[] {
  const map = new Map<string, Group>();
  for (const it of items) {
    const k = `${it.currency}|${it.key}`;
    const g = map.get(k) ?? { label: it.key, currency: it.currency, minor: 0n };
    g.minor += it.minor;
    map.set(k, g);
  }
  return [...map.values()]
    .filter((g) => g.minor > 0n)
    .sort((a, b) => (a.minor === b.minor ? a.label.localeCompare(b.label) : a.minor > b.minor ? -1 : 1))
    .slice(0, n);
}

/** "spending by category", "breakdown": typed requests for the per-category view. */
const BREAKDOWN = /\b(by categor(y|ies)|breakdown|broken down|split by)\b/i;

/** The named period a quick reply carried ("last_week"), resolved when it is pressed. */
function periodFromButton(params: IntentParams, now: Date, timezone: string): DateRange | undefined {
  const known = PERIODS.find((p) => p.name === params.period);
  return known ? namedPeriod(known.name, now, timezone) : undefined;
}

export default defineIntent({
  name: 'spending',
  description: 'See how much you spent, by period, category or shop',
  suggestion: 'Spending',
  requires: ['transactions:read'],
  entities: { dateRange: {}, category: {}, merchant: {}, accountType: {} },
  examples: [
    'spending',
    'my spending',
    'how much did i spend',
    'how much have i spent',
    'how much have i spent this month',
    'how much did i spend last month',
    'how much did i spend on groceries last month',
    'how much have i spent on food shopping this week',
    'what did i spend on eating out',
    'how much did i spend at starbucks',
    'how much have i spent at tesco since march',
    'total spent in the past 30 days',
    'how much did i spend on transport last week',
    'how much went on uber this year',
    'spend on restaurants in january',
    'what have i spent so far this month',
    'how much money did i blow on takeaways',
    'how much am i spending on coffee',
    'how much do i spend on subscriptions',
    'spending breakdown',
    'spending by category',
    'where is my money going',
    'where did all my money go',
    'what did i spend my money on',
    'total spending last month',
    'my outgoings this month',
    'how much have i spent on my credit card this month',
    'spent on amazon',
    'how much did i spend on bills',
    'how much on petrol last month',
    'how much did i spend yesterday',
    'wat did i spend 2day',
    'how much did i spennd on food',
    'money spent on travel this year',
    'how much did i pay tfl last month',
    'how much did i drop on clothes',
    'expenses for last week',
    'show my expenses',
    'analyse my spending',
    'how much did groceries cost me this month',
  ],
  async handle(ctx) {
    const { timezone, locale } = ctx.prefs;
    const { category, merchant, accountType } = ctx.entities;
    const byCategory =
      (ctx.params.by === 'category' || BREAKDOWN.test(ctx.turn.text ?? '')) && !category && !merchant;
    const asked =
      ctx.entities.dateRange ??
      periodFromButton(ctx.params, ctx.now(), timezone) ??
      namedPeriod('this_month', ctx.now(), timezone);
    const todayIso = namedPeriod('this_month', ctx.now(), timezone).to;
    const range = asked.to > todayIso ? { ...asked, to: todayIso } : asked;
    const when = describePeriod(asked, timezone, locale);

    const mine = await accountsAsked(ctx);
    if (!mine) return;
    const { all, accounts } = mine;
    if (range.from > range.to) {
      await ctx.reply(`${capitalize(when)} hasn't started yet, so there's no spending to show.`);
      return;
    }

    const txs = await ctx.bank.transactions({
      from: range.from,
      to: range.to,
      timezone,
      includePending: true,
      ...(accountType ? { accountIds: accounts.map((a) => a.id) } : {}),
      ...(category ? { category } : {}),
      ...(merchant ? { merchant } : {}),
    });
    const spends = txs
      .map((tx) => ({ tx, minor: signedSpend(tx, all, category) }))
      .filter((s) => s.minor !== 0n);
    const count = spends.filter((s) => s.minor > 0n).length;
    const refunds = sumByCurrency(
      spends.filter((s) => s.minor < 0n).map((s) => fromMinor(-s.minor, s.tx.amount.currency)),
    );
    const totals = [...sumByCurrency(spends.map((s) => fromMinor(s.minor, s.tx.amount.currency))).values()];

    const what = [
      category ? `on ${CATEGORY_WORDS[category] ?? category}` : '',
      merchant ? `at ${capitalize(merchant)}` : '',
      accountType ? `with your ${joinWords(accounts.map(accountLabel))}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const subject = [what, when].filter(Boolean).join(' ');
    const quickReplies = followUps(ctx.entities, asked, !category && !merchant && !byCategory);

    if (count === 0) {
      await ctx.reply(`You didn't spend anything ${subject}.`, quickReplies);
      return;
    }
    if (totals.every((t) => toMinor(t) <= 0n)) {
      await ctx.reply(
        `Refunds of ${moneyList(refunds.values(), locale)} outweighed your spending ${subject}.`,
        quickReplies,
      );
      return;
    }

    const total = moneyList(
      totals.filter((t) => toMinor(t) !== 0n),
      locale,
    );
    const refundNote = refunds.size > 0 ? ` (after ${moneyList(refunds.values(), locale)} of refunds)` : '';
    let body = `You spent ${total}${refundNote} ${subject} across ${count} transaction${count === 1 ? '' : 's'}.`;
    const fmt = (g: Group) => `${g.label} ${money(fromMinor(g.minor, g.currency), locale)}`;
    if (byCategory) {
      const groups = topGroups(
        spends.map((s) => ({
          key: capitalize(CATEGORY_WORDS[s.tx.category] ?? s.tx.category),
          currency: s.tx.amount.currency,
          minor: s.minor,
        })),
        20,
      );
      body += `\nBy category:\n${groups.map((g) => `• ${fmt(g)}`).join('\n')}`;
    } else if (!merchant) {
      const top = topGroups(
        spends.map((s) => ({
          key: s.tx.merchant ?? s.tx.description,
          currency: s.tx.amount.currency,
          minor: s.minor,
        })),
        3,
      );
      if (
        top.length === 1 &&
        count > 0 &&
        spends.every((s) => (s.tx.merchant ?? s.tx.description) === top[0]!.label)
      )
        body += ` All at ${top[0]!.label}.`;
      else if (top.length > 0) body += ` Top: ${top.map(fmt).join(', ')}.`;
    }
    await ctx.reply(body, quickReplies);
  },
});

/** "Last week", "This month"… for the same question, and a category breakdown when none was asked. */
function followUps(
  entities: { category?: Category; merchant?: string; accountType?: Account['type'] },
  shown: DateRange,
  offerBreakdown: boolean,
): QuickReply[] {
  const base = intentPayload('spending', {
    ...(entities.category ? { category: entities.category } : {}),
    ...(entities.merchant ? { merchant: entities.merchant } : {}),
    ...(entities.accountType ? { accountType: entities.accountType } : {}),
  });
  const out = PERIODS.filter(
    (p) => p.title.toLowerCase() !== shown.text?.toLowerCase().replace(/ so far$/, ''),
  )
    .slice(0, 3)
    .map((p) => quick(p.title, payloadWith(base, { period: p.name })));
  if (offerBreakdown)
    out.push(
      quick(
        'By category',
        payloadWith(base, { by: 'category', from: shown.from, to: shown.to, label: shown.text ?? '' }),
      ),
    );
  return out;
}
