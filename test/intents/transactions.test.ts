import { makeTestBot, type TestBot } from '../support/bot';
import { controls, directGrant, plain } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

const ROW = /^\d{1,2} [A-Z][a-z]{2} · .+ · [+-][£$][\d,]+\.\d\d( · ••\d{4})?( \(pending\))?$/;

async function bankRows(type: 'checking' | 'savings' | 'credit_card' | undefined, n: number) {
  const grant = directGrant();
  const accounts = (await t.bank.accounts(grant)).filter((a) => !type || a.type === type);
  const txs = await t.bank.transactions(grant, {
    from: '2025-12-19',
    to: '2026-03-18',
    timezone: 'Europe/London',
    includePending: true,
    accountIds: accounts.map((a) => a.id),
  });
  return { accounts, txs: txs.slice(0, n) };
}

function rows(text: string): string[] {
  return text.split('\n').filter((l) => ROW.test(l));
}

describe('transactions', () => {
  it('asks which account, then lists the savings account newest first', async () => {
    const u = t.user('tx-ask');
    await t.linkUser(u);
    const q = await u.say('show my recent transactions');
    expect(plain(q)).toMatch(/^Which account\?/);
    expect(controls(q)).toEqual(['Current account', 'Savings', 'Credit card', 'All accounts']);

    const answer = plain(await u.press('Savings'));
    const { accounts, txs } = await bankRows('savings', 5);
    expect(answer).toContain(`on Instant Saver ••${accounts[0]!.last4}`);
    const listed = rows(answer);
    expect(listed).toHaveLength(txs.length);
    txs.forEach((tx, i) => {
      expect(listed[i]).toContain(tx.merchant ?? tx.description);
      expect(listed[i]).toContain(tx.direction === 'credit' ? '+£' : '-£');
    });
  });

  it('limits to the number asked for and marks pending ones', async () => {
    const u = t.user('tx-limit');
    await t.linkUser(u);
    const answer = plain(await u.say('last 3 transactions on my current account'));
    const { txs } = await bankRows('checking', 3);
    const listed = rows(answer);
    expect(listed).toHaveLength(3);
    txs.forEach((tx, i) => {
      expect(listed[i]).toContain(tx.merchant ?? tx.description);
      expect(listed[i]!.endsWith('(pending)')).toBe(tx.status === 'pending');
    });
  });

  it('lists all accounts with the account of each row when asked for "All accounts"', async () => {
    const u = t.user('tx-all');
    await t.linkUser(u);
    await u.say('transaction history');
    const answer = plain(await u.press('All accounts'));
    const { accounts, txs } = await bankRows(undefined, 5);
    const listed = rows(answer);
    expect(answer).toMatch(/on all your accounts/);
    expect(listed).toHaveLength(5);
    txs.forEach((tx, i) => {
      const acc = accounts.find((a) => a.id === tx.accountId)!;
      expect(listed[i]).toContain(`••${acc.last4}`);
    });
  });

  it('never lists more than 20', async () => {
    const u = t.user('tx-max');
    await t.linkUser(u);
    const answer = plain(await u.say('show my last 50 transactions on my credit card'));
    expect(rows(answer).length).toBeLessThanOrEqual(20);
    expect(rows(answer).length).toBeGreaterThan(5);
  });
});
