import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { RedisStreamInbox, messengerWebhook } from '../../src/channels/messenger';
import { ACCOUNT_KEYS, fullNumber } from '../../src/connectors/sandbox/accounts';
import { findCustomer } from '../../src/connectors/sandbox/customers';
import { formatMoney, type Money } from '../../src/money';
import { closeServer } from '../../src/server/listen';
import { silentLogger } from '../../src/logging/logger';
import { batch, postWebhook, testConfig, textMsg } from '../channels/messenger/helpers';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { directGrant, plain } from '../intents/helpers';
import { dumpRedis, makePrivacyBot, type PrivacyBot } from './support';

/**
 * The privacy promise, checked where it matters: after a whole conversation, nothing in Redis and
 * nothing in the logs holds a figure, a merchant, a full account number or a token in clear text.
 * This test owns a Redis database of its own, so it reads EVERY key there, not just a prefix.
 */
const DB = 7;
const CUSTOMER = 'cust_amelia';
const TYPED_CARD = '4929 1234 5678 9015 ';

let redis: Redis;
let prefix: string;
let t: PrivacyBot;
let server: Server;

beforeAll(async () => {
  redis = new Redis(testRedisUrl(), { db: DB, maxRetriesPerRequest: 2 });
  prefix = uniquePrefix('at-rest');
  t = await makePrivacyBot(redis, prefix);
});
afterAll(async () => {
  if (server) await closeServer(server);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await t.bot.close();
  await redis.quit();
});

/** A needle and how to find it: amounts and numbers must not sit inside a longer number. */
interface Forbidden {
  what: string;
  pattern: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function amountPatterns(money: Money, what: string): Forbidden[] {
  const plainAmount = money.amount.replace(/^-/, '');
  if (/^0+(\.0+)?$/.test(plainAmount)) return [];
  const shown = formatMoney({ ...money, amount: plainAmount }).replace(/^[^\d]+/, ''); // 1,215.47
  return [...new Set([plainAmount, shown])].map((a) => ({
    what: `${what} ${a}`,
    pattern: new RegExp(`(?<![0-9A-Za-z_])${escape(a)}(?![0-9])`),
  }));
}

async function forbiddenValues(extra: { tokens: string[] }): Promise<Forbidden[]> {
  const grant = directGrant(CUSTOMER);
  const out: Forbidden[] = [];
  const accounts = await t.bank.accounts(grant);
  for (const b of await t.bank.balances(
    grant,
    accounts.map((a) => a.id),
  )) {
    out.push(...amountPatterns(b.current, 'balance'));
    if (b.available) out.push(...amountPatterns(b.available, 'available'));
  }
  const info = t.bank.ledgerInfo(CUSTOMER);
  const txs = await t.bank.transactions(grant, { from: info.from.slice(0, 10), to: info.to.slice(0, 10) });
  expect(txs.length).toBeGreaterThan(100);
  const merchants = new Set<string>();
  for (const tx of txs) {
    out.push(...amountPatterns(tx.amount, 'transaction'));
    if (tx.merchant) merchants.add(tx.merchant);
  }
  // Names of 4+ characters, as whole words (a two-letter brand would match random text).
  for (const m of merchants)
    if (m.length >= 4)
      out.push({
        what: `merchant ${m}`,
        pattern: new RegExp(`(?<![A-Za-z0-9])${escape(m)}(?![A-Za-z0-9])`, 'i'),
      });
  const profile = findCustomer(CUSTOMER)!;
  for (const key of ACCOUNT_KEYS) {
    const full = fullNumber('teller-sandbox', profile, key);
    const digits = full.replace(/\D/g, '');
    for (const form of new Set([full, digits, digits.slice(-8)]))
      out.push({ what: `account number ${form}`, pattern: new RegExp(`(?<![0-9])${escape(form)}(?![0-9])`) });
  }
  out.push({ what: 'typed card number', pattern: /4929[\s-]?1234[\s-]?5678/ });
  out.push({ what: 'a period the customer typed', pattern: /last (week|month)/i });
  for (const token of extra.tokens) out.push({ what: 'token', pattern: new RegExp(escape(token)) });
  return out;
}

function findings(haystack: string, forbidden: Forbidden[]): string[] {
  return forbidden.filter((f) => f.pattern.test(haystack)).map((f) => f.what);
}

describe('nothing financial at rest', () => {
  it('after link, balance, spending, transactions and ATM: no figure, merchant, account number or token in any Redis key or log line', async () => {
    const u = t.user('at-rest-customer');
    const linkUrl = await t.linkUser(u, CUSTOMER);
    const said: string[] = [];
    const say = async (text: string) => said.push(plain(await u.say(text)));
    await say("what's my balance");
    await say('how much did I spend last month');
    await say('how much did I spend at Starbucks last month');
    await say('and last week?');
    said.push(plain(await u.press('Transactions')));
    await say('show my last 10 transactions');
    said.push(plain(await u.press('All accounts')));
    await say("atm near King's Cross");
    await say(`my card ${TYPED_CARD}was charged twice`);
    await say('what do you know about me');
    const transcript = said.join('\n');
    // The conversation really carried the data (so the scan below is meaningful)…
    expect(transcript).toMatch(/Your balances/);
    // A follow-up still works from the sealed session ("and last week?" keeps the merchant).
    expect(said[3]).toMatch(/Starbucks/);
    expect(said[3]).toMatch(/last week/);
    expect(transcript).toMatch(/ATM/);
    expect(transcript).toMatch(/£\d/);

    // …and a message with a card number went through Messenger's ingress into the durable inbox.
    const inbox = new RedisStreamInbox({ redis, logger: silentLogger(), prefix: `${prefix}messenger:` });
    const app = express().use(
      messengerWebhook({ config: testConfig('http://127.0.0.1:1'), inbox, logger: t.bot.logger }),
    );
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await postWebhook(base, batch({ messaging: [textMsg('psid-1', `card ${TYPED_CARD}`)] }));
    expect(res.status).toBe(200);

    const grant = await t.bot.linking.grant({ channel: 'test', userId: u.id }, 'sandbox');
    expect(grant?.accessToken).toBeTruthy();
    const forbidden = await forbiddenValues({
      tokens: [grant!.accessToken!, new URL(linkUrl).searchParams.get('t')!],
    });
    expect(forbidden.length).toBeGreaterThan(500);
    // The needles do find what they should: the chat itself shows figures and merchants.
    expect(findings(transcript, forbidden).length).toBeGreaterThan(10);

    // EVERY key in this database, read by type (strings, hashes, lists, sets, sorted sets, streams).
    const everything = await dumpRedis(redis, '*');
    const mine = [...everything.keys()].filter((k) => k.startsWith(prefix));
    expect(mine.some((k) => k.includes('session:'))).toBe(true);
    expect(mine.some((k) => k.includes('audit:'))).toBe(true);
    expect(mine.some((k) => k.includes('consent:'))).toBe(true);
    expect(mine.some((k) => k.endsWith('messenger:inbox'))).toBe(true);
    for (const [key, value] of everything) {
      expect({ key, found: findings(key, forbidden) }).toEqual({ key, found: [] });
      expect({ key, found: findings(value, forbidden) }).toEqual({ key, found: [] });
    }
    const stream = everything.get(`${prefix}messenger:inbox`)!;
    expect(stream).toContain('[card number removed]');

    // Every log line, as pino wrote it.
    const logs = t.logs();
    expect(logs).toMatch(/card number removed from a message/);
    expect(findings(logs, forbidden)).toEqual([]);
  });
});
