import type { Category, Transaction } from '../../src/connectors/types';
import { formatMoney, fromMinor, sumByCurrency, toMinor, negate, type Money } from '../../src/money';
import { extractDateRange } from '../../src/nlu/entities';
import { makeTestBot, TEST_NOW, type TestBot } from '../support/bot';
import { ask, controls, directGrant } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

const TZ = 'Europe/London';

/** The expected answer, computed straight from the sandbox with the Money helpers. */
async function expected(from: string, to: string, category?: Category, merchant?: string) {
  const txs: Transaction[] = await t.bank.transactions(directGrant(), {
    from,
    to,
    timezone: TZ,
    includePending: true,
    ...(category ? { category } : {}),
    ...(merchant ? { merchant } : {}),
  });
  const spend = txs.filter((tx) => tx.category !== 'transfers' && tx.category !== 'income');
  const signed: Money[] = spend.map((tx) => (tx.direction === 'debit' ? tx.amount : negate(tx.amount)));
  const total = sumByCurrency(signed).get('GBP') ?? fromMinor(0, 'GBP');
  const byMerchant = new Map<string, bigint>();
  for (const tx of spend) {
    const key = tx.merchant ?? tx.description;
    byMerchant.set(
      key,
      (byMerchant.get(key) ?? 0n) + (tx.direction === 'debit' ? 1n : -1n) * toMinor(tx.amount),
    );
  }
  const top = [...byMerchant]
    .filter(([, m]) => m > 0n)
    .sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] > b[1] ? -1 : 1))
    .slice(0, 3)
    .map(([name, m]) => `${name} ${formatMoney(fromMinor(m, 'GBP'))}`);
  return { total: formatMoney(total), count: spend.filter((tx) => tx.direction === 'debit').length, top };
}

describe('spending', () => {
  it('sums groceries last month: total, count and top merchants match the bank', async () => {
    const u = t.user('spend-groceries');
    await t.linkUser(u);
    const reply = await ask(u, 'how much did I spend on groceries last month');
    const e = await expected('2026-02-01', '2026-02-28', 'groceries');
    expect(e.count).toBeGreaterThan(0);
    expect(reply).toContain(`You spent ${e.total}`);
    expect(reply).toContain(`on groceries last month across ${e.count} transactions.`);
    expect(reply).toContain(`Top: ${e.top.join(', ')}.`);
  });

  it('answers "and last week?" as a follow-up, keeping the category', async () => {
    const u = t.user('spend-follow-up');
    await t.linkUser(u);
    await u.say('how much did I spend on groceries last month');
    const reply = await ask(u, 'and last week?');
    const range = extractDateRange('last week', { timezone: TZ, now: TEST_NOW })!;
    const e = await expected(range.from, range.to, 'groceries');
    expect(reply).toMatch(/on groceries last week/);
    if (e.count > 0) expect(reply).toContain(`You spent ${e.total}`);
    else expect(reply).toContain("You didn't spend anything on groceries last week");
  });

  it('defaults to this month so far, excludes transfers and card repayments, and offers follow-ups', async () => {
    const u = t.user('spend-default');
    await t.linkUser(u);
    const replies = await u.say('how much have i spent');
    const text = replies.map((r) => (r.type === 'text' ? r.text : '')).join('\n');
    const e = await expected('2026-03-01', '2026-03-18');
    expect(text).toContain(`You spent ${e.total} this month so far across ${e.count} transactions.`);
    expect(text).not.toMatch(/Transfer|Payment to/);
    expect(controls(replies)).toEqual(expect.arrayContaining(['Last week', 'Last month', 'By category']));
  });

  it('follows a quick reply to another period and to a category breakdown', async () => {
    const u = t.user('spend-buttons');
    await t.linkUser(u);
    await u.say('how much did i spend on eating out');
    const lastMonth = await u.press('Last month');
    const e = await expected('2026-02-01', '2026-02-28', 'dining');
    expect(lastMonth.map((r) => (r.type === 'text' ? r.text : '')).join()).toContain(
      `You spent ${e.total} on eating out last month across ${e.count} transactions.`,
    );

    await u.say('how much have i spent this month');
    const breakdown = await u.press('By category');
    const body = breakdown.map((r) => (r.type === 'text' ? r.text : '')).join();
    expect(body).toMatch(/By category:\n• [A-Z]/);
    expect(body).toContain(`You spent ${(await expected('2026-03-01', '2026-03-18')).total}`);
  });

  it('breaks spending down by category when asked in words', async () => {
    const u = t.user('spend-breakdown');
    await t.linkUser(u);
    const reply = await ask(u, 'spending breakdown by category for last month');
    expect(reply).toContain(`You spent ${(await expected('2026-02-01', '2026-02-28')).total} last month`);
    expect(reply).toMatch(/By category:\n• (Housing|Groceries|Bills|Eating out) £/);
  });

  it('filters by merchant', async () => {
    const u = t.user('spend-merchant');
    await t.linkUser(u);
    const reply = await ask(u, 'how much did i spend at tesco since january');
    const e = await expected('2026-01-01', '2026-03-18', undefined, 'tesco');
    expect(reply).toContain(`You spent ${e.total} at Tesco since January across ${e.count} transactions.`);
  });

  it('says so plainly when nothing was spent', async () => {
    const u = t.user('spend-nothing');
    await t.linkUser(u);
    const reply = await ask(u, 'how much did i spend on travel yesterday');
    expect((await expected('2026-03-17', '2026-03-17', 'travel')).count).toBe(0);
    expect(reply).toMatch(/^You didn't spend anything on travel yesterday\./);
  });
});
