import { abs, formatMoney, sumByCurrency, toMinor } from '../../src/money';
import { makeTestBot, type TestBot } from '../support/bot';
import { ask, controls, directGrant, plain } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

async function expectedLines(types?: string[]) {
  const grant = directGrant();
  const accounts = (await t.bank.accounts(grant)).filter((a) => !types || types.includes(a.type));
  const balances = await t.bank.balances(
    grant,
    accounts.map((a) => a.id),
  );
  return accounts.map((a) => {
    const b = balances.find((x) => x.accountId === a.id)!;
    return {
      account: a,
      current: b.current,
      available: b.available,
      shown: formatMoney(toMinor(b.current) < 0n && a.type === 'credit_card' ? abs(b.current) : b.current),
    };
  });
}

describe('balance', () => {
  it('asks an unlinked customer to link first, then answers the waiting question', async () => {
    const u = t.user('balance-unlinked');
    const first = await u.say("what's my balance");
    expect(plain(first)).toMatch(/permission to read your accounts at Sandbox Bank/);
    expect(plain(first)).toMatch(/read-only/);
    expect(controls(first)).toContain('Link account');
    expect(plain(first)).not.toMatch(/£/);

    const before = u.all.length;
    await t.linkUser(u);
    const after = plain(u.all.slice(before));
    expect(after).toMatch(/You're linked to Sandbox Bank/);
    expect(after).toMatch(/Your balances:/);
    for (const line of await expectedLines()) {
      expect(after).toContain(`••${line.account.last4}: ${line.shown}`);
    }
    const lines = await expectedLines();
    const total = sumByCurrency(lines.map((l) => l.current)).get('GBP')!;
    expect(after).toContain(`Total: ${formatMoney(total)} (after what you owe on cards)`);
  });

  it('formats each account: last 4 digits only, amounts in the account currency, card as owed + available credit', async () => {
    const u = t.user('balance-all');
    await t.linkUser(u);
    const reply = await ask(u, 'how much money have i got');
    const lines = await expectedLines();
    expect(lines).toHaveLength(3);
    const card = lines.find((l) => l.account.type === 'credit_card')!;
    expect(reply).toMatch(
      new RegExp(
        `Rewards Credit Card ••${card.account.last4}: £[\\d,.]+ owed \\(£[\\d,.]+ available credit\\)`,
      ),
    );
    const current = lines.find((l) => l.account.type === 'checking')!;
    expect(reply).toContain(
      `Everyday Current ••${current.account.last4}: ${current.shown} (available ${formatMoney(current.available!)})`,
    );
    expect(reply).toContain(`(${formatMoney(card.available!)} available credit)`);
    // Never a full account or card number: no long digit runs anywhere.
    expect(reply).not.toMatch(/\d{5,}/);
  });

  it('answers for one account type only', async () => {
    const u = t.user('balance-savings');
    await t.linkUser(u);
    const reply = await ask(u, 'balance in savings');
    const [savings] = await expectedLines(['savings']);
    expect(reply).toContain(`Your balance:\nInstant Saver ••${savings!.account.last4}: ${savings!.shown}`);
    expect(reply).not.toMatch(/Current|Credit Card|Total/);
  });

  it('answers a different customer with their own currency', async () => {
    const customers = t.bank.listCustomers();
    const usd = customers.find((c) => c.currency === 'USD')!;
    expect(usd).toBeDefined();
    const u = t.user('balance-usd');
    await t.linkUser(u, usd.id);
    const reply = await ask(u, 'whats my balance');
    const accounts = await t.bank.accounts(directGrant(usd.id));
    for (const a of accounts) expect(reply).toContain(`••${a.last4}`);
    expect(reply).toMatch(/\$[\d,]+\.\d\d/);
    expect(reply).not.toMatch(/£/);
  });
});
