import { DateTime } from 'luxon';
import { CATEGORIES } from '../../src/connectors/types';
import { sandboxMerchants } from '../../src/connectors/sandbox';
import { toMinor } from '../../src/money';
import { allTransactions, CUSTOMER_IDS, grantFor, makeBank, NOW } from './sandbox-fixtures';

describe('SandboxBank identity and customers', () => {
  const bank = makeBank();

  it('describes itself', () => {
    expect(bank.id).toBe('sandbox');
    expect(bank.displayName).toBe('Sandbox Bank');
    expect(bank.capabilities).toEqual({ atms: true, pendingTransactions: true, merchantNames: true });
  });

  it('lists at least three demo customers in London, Manchester and New York', () => {
    const customers = bank.listCustomers();
    expect(customers.map((c) => c.id)).toEqual([...CUSTOMER_IDS]);
    expect(customers.map((c) => [c.homeCity, c.currency])).toEqual([
      ['London', 'GBP'],
      ['Manchester', 'GBP'],
      ['New York', 'USD'],
    ]);
    for (const c of customers) expect(c.name).toMatch(/^\S+ \S+$/);
  });

  it('picks a stable default customer per user, spreading users over all customers', () => {
    const ids = new Set(bank.listCustomers().map((c) => c.id));
    const picks = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const pick = bank.defaultCustomerFor(`psid-${i}`);
      expect(ids.has(pick)).toBe(true);
      expect(makeBank({ seed: 'other' }).defaultCustomerFor(`psid-${i}`)).toBe(pick);
      picks.add(pick);
    }
    expect(picks).toEqual(ids);
  });

  it('gives each customer a checking, savings and credit card account exposing only last4', async () => {
    for (const id of CUSTOMER_IDS) {
      const accounts = await bank.accounts(grantFor(id));
      expect(accounts.map((a) => a.type)).toEqual(['checking', 'savings', 'credit_card']);
      for (const a of accounts) {
        expect(a.last4).toMatch(/^\d{4}$/);
        expect(Object.keys(a).sort()).toEqual(['currency', 'id', 'last4', 'name', 'type']);
      }
    }
  });
});

describe('SandboxBank determinism', () => {
  it('gives identical data for the same seed and different data for another seed', async () => {
    const a = makeBank({ seed: 'demo-1' });
    const b = makeBank({ seed: 'demo-1' });
    const c = makeBank({ seed: 'demo-2' });
    for (const id of CUSTOMER_IDS) {
      const ta = await allTransactions(a, id);
      expect(await allTransactions(b, id)).toEqual(ta);
      expect(await b.balances(grantFor(id))).toEqual(await a.balances(grantFor(id)));
      expect(await b.accounts(grantFor(id))).toEqual(await a.accounts(grantFor(id)));
      expect((await allTransactions(c, id)).slice(0, 50)).not.toEqual(ta.slice(0, 50));
    }
  });

  it('answers a past range the same way whenever it is asked', async () => {
    const early = makeBank();
    const later = makeBank({ now: () => new Date('2025-05-02T09:30:00Z') });
    const query = { from: '2025-01-01', to: '2025-02-28' };
    for (const id of CUSTOMER_IDS) {
      const first = await early.transactions(grantFor(id), query);
      expect(first.length).toBeGreaterThan(100);
      expect(await later.transactions(grantFor(id), query)).toEqual(first);
      expect(await early.transactions(grantFor(id), query)).toEqual(first);
    }
  });
});

describe('SandboxBank transaction data', () => {
  const bank = makeBank();

  it.each(CUSTOMER_IDS)('%s has six months or more of realistic history', async (id) => {
    const txs = await allTransactions(bank, id);
    const info = bank.ledgerInfo(id);
    const zone = info.timezone;
    const local = (t: { date: string }) => DateTime.fromISO(t.date, { zone }).toISODate() as string;
    const dates = txs.map(local);
    expect(dates.reduce((a, b) => (a < b ? a : b))).toBe(info.from);
    expect(info.to).toBe(DateTime.fromJSDate(NOW, { zone }).toISODate());
    expect(DateTime.fromISO(info.to).diff(DateTime.fromISO(info.from), 'days').days).toBe(200);
    expect(new Set(dates).size).toBe(201);
    expect(txs.every((t) => Date.parse(t.date) <= NOW.getTime())).toBe(true);

    expect(new Set(txs.map((t) => t.category))).toEqual(new Set(CATEGORIES));
    expect(txs.some((t) => t.direction === 'debit')).toBe(true);
    expect(txs.some((t) => t.direction === 'credit')).toBe(true);

    const pending = txs.filter((t) => t.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    const twoDaysAgo = DateTime.fromJSDate(NOW, { zone }).minus({ days: 1 }).toISODate() as string;
    for (const t of pending) {
      expect(local(t) >= twoDaysAgo).toBe(true);
      expect(t.direction).toBe('debit');
    }
    expect(txs.filter((t) => t.status === 'booked').length).toBeGreaterThan(txs.length * 0.9);

    const salaries = txs.filter((t) => t.category === 'income' && t.merchant !== undefined);
    expect(salaries.length).toBeGreaterThanOrEqual(6);
    expect(new Set(salaries.map((t) => local(t).slice(0, 7))).size).toBe(salaries.length);
  });

  it('uses well-formed ids, amounts, MCCs and merchants', async () => {
    const merchants = new Set(sandboxMerchants());
    for (const id of CUSTOMER_IDS) {
      const txs = await allTransactions(bank, id);
      const accounts = new Set((await bank.accounts(grantFor(id))).map((a) => a.id));
      expect(new Set(txs.map((t) => t.id)).size).toBe(txs.length);
      const malformed = txs.filter(
        (t) =>
          !accounts.has(t.accountId) ||
          !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(t.date) ||
          !/^\d+\.\d{2}$/.test(t.amount.amount) ||
          toMinor(t.amount) <= 0n ||
          t.description.length === 0 ||
          (t.mcc !== undefined && !/^\d{4}$/.test(t.mcc)) ||
          (t.merchant !== undefined && !merchants.has(t.merchant)),
      );
      expect(malformed).toEqual([]);
    }
  });

  it('has the expected kinds of merchants per city', async () => {
    const names = async (id: string) => new Set((await allTransactions(bank, id)).map((t) => t.merchant));
    const london = await names('cust_amelia');
    for (const m of ['TfL', 'Tesco', 'Pret A Manger', 'Netflix', 'Spotify', 'Foxtons', 'British Gas']) {
      expect(london.has(m)).toBe(true);
    }
    const nyc = await names('cust_sofia');
    for (const m of ['MTA', "Trader Joe's", 'Whole Foods Market', 'Con Edison', 'Greystar'])
      expect(nyc.has(m)).toBe(true);
    expect(nyc.has('TfL')).toBe(false);
    expect((await names('cust_daniel')).has('Bee Network')).toBe(true);
  });

  it('exports a sorted, de-duplicated merchant list', () => {
    const list = sandboxMerchants();
    expect(list.length).toBeGreaterThan(80);
    expect(new Set(list).size).toBe(list.length);
    expect([...list].sort((a, b) => a.localeCompare(b, 'en'))).toEqual(list);
    for (const m of [
      "Sainsbury's",
      'Waitrose',
      'Lidl',
      'Deliveroo',
      "Nando's",
      'Uber',
      'Trainline',
      'Amazon',
    ]) {
      expect(list).toContain(m);
    }
  });
});

describe('SandboxBank authorisation', () => {
  it('rejects an unknown subject with a stable code', async () => {
    const bank = makeBank();
    const grant = grantFor('cust_nobody');
    const auth = { code: 'TELLER_ERR_CONNECTOR_AUTH' };
    await expect(bank.accounts(grant)).rejects.toMatchObject(auth);
    await expect(bank.balances(grant)).rejects.toMatchObject(auth);
    await expect(bank.transactions(grant, { from: '2025-01-01', to: '2025-01-31' })).rejects.toMatchObject(
      auth,
    );
    await expect(bank.revoke(grant)).resolves.toBeUndefined();
  });

  it('revokes one access token idempotently; a new token works', async () => {
    const bank = makeBank();
    const old = grantFor('cust_daniel', 'old-token');
    await expect(bank.accounts(old)).resolves.toHaveLength(3);
    await bank.revoke(old);
    await bank.revoke(old);
    const auth = { code: 'TELLER_ERR_CONNECTOR_AUTH' };
    await expect(bank.accounts(old)).rejects.toMatchObject(auth);
    await expect(bank.balances(old)).rejects.toMatchObject(auth);
    await expect(bank.transactions(old, { from: '2025-03-01', to: '2025-03-02' })).rejects.toMatchObject(
      auth,
    );
    await expect(bank.accounts(grantFor('cust_daniel', 'new-token'))).resolves.toHaveLength(3);
    await expect(bank.accounts(grantFor('cust_amelia', 'old-token'))).resolves.toHaveLength(3);
  });
});
