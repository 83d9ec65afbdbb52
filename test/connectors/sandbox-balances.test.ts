import { add, compare, fromMinor, negate, toMinor, type Money } from '../../src/money';
import type { Transaction } from '../../src/connectors/types';
import { allTransactions, CUSTOMER_IDS, grantFor, makeBank } from './sandbox-fixtures';

function sum(txs: Transaction[], currency: string): Money {
  return txs.reduce(
    (total, t) => add(total, t.direction === 'credit' ? t.amount : negate(t.amount)),
    fromMinor(0, currency),
  );
}

const CLOCKS = [
  new Date('2025-03-15T14:00:00Z'),
  new Date('2025-07-01T06:10:00Z'), // BST, early morning: today has barely started
  new Date('2025-10-26T01:30:00Z'), // the night the clocks go back in London
  new Date('2024-12-31T23:59:00Z'),
];

describe('SandboxBank balances agree with transactions', () => {
  const cases = [
    ...CLOCKS.map((now) => ({ now, seed: 'teller-sandbox' })),
    { now: CLOCKS[0]!, seed: 'balance-check' },
  ];
  for (const { now, seed } of cases) {
    it(`at ${now.toISOString()} with seed ${seed}`, async () => {
      const bank = makeBank({ seed, now: () => now });
      for (const id of CUSTOMER_IDS) {
        const info = bank.ledgerInfo(id);
        const txs = await allTransactions(bank, id);
        const balances = await bank.balances(grantFor(id));
        expect(balances).toHaveLength(3);
        for (const balance of balances) {
          const account = info.accounts.find((a) => a.accountId === balance.accountId);
          if (!account) throw new Error(`no ledger info for ${balance.accountId}`);
          const currency = account.opening.currency;
          const mine = txs.filter((t) => t.accountId === balance.accountId);
          const booked = mine.filter((t) => t.status === 'booked');
          const pendingDebits = mine.filter((t) => t.status === 'pending' && t.direction === 'debit');

          const current = add(account.opening, sum(booked, currency));
          expect(balance.current).toEqual(current);
          // sum() counts debits as negative: this is current minus what is still pending.
          const spendable = add(current, sum(pendingDebits, currency));
          const expected = account.creditLimit ? add(account.creditLimit, spendable) : spendable;
          expect(balance.available).toEqual(expected);
          expect(balance.asOf).toBe(now.toISOString());
        }
      }
    });
  }

  it('keeps balances plausible: cards owe money within the limit, savings are positive', async () => {
    const bank = makeBank();
    for (const id of CUSTOMER_IDS) {
      const info = bank.ledgerInfo(id);
      const [checking, savings, card] = await bank.balances(grantFor(id));
      if (!checking || !savings || !card) throw new Error('missing balance');
      const limit = info.accounts[2]?.creditLimit;
      if (!limit) throw new Error('card has no limit');
      expect(compare(card.current, fromMinor(0, card.current.currency))).toBeLessThanOrEqual(0);
      expect(compare(negate(card.current), limit)).toBe(-1);
      expect(toMinor(savings.current) > 0n).toBe(true);
      expect(toMinor(checking.current) > 0n).toBe(true);
      expect(compare(checking.available ?? checking.current, checking.current)).toBeLessThanOrEqual(0);
    }
  });

  it('filters balances by account id', async () => {
    const bank = makeBank();
    const all = await bank.balances(grantFor('cust_sofia'));
    const only = await bank.balances(grantFor('cust_sofia'), ['acc_sofia_card', 'acc_amelia_card']);
    expect(only).toEqual(all.filter((b) => b.accountId === 'acc_sofia_card'));
    expect(only[0]?.current.currency).toBe('USD');
  });
});
