import type { Server } from 'node:http';
import express from 'express';
import type Redis from 'ioredis';
import { createBot, type Bot } from '../../src/bot/create-bot';
import { RecordingChannel } from '../../src/channels/test/recording-channel';
import {
  plaidApi,
  PlaidConnector,
  PlaidLink,
  PlaidServer,
  PlaidSync,
  PlaidWebhookVerifier,
  RedisCursorStore,
  type SyncSummary,
} from '../../src/connectors/plaid';
import { SandboxBank, sandboxMerchants } from '../../src/connectors/sandbox';
import { withSandboxDirectory } from '../../src/connectors/sandbox/directory';
import { loadIntents } from '../../src/engine/loader';
import type { PlaidLinking } from '../../src/linking/plaid-linking';
import { createLogger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';
import { createApp } from '../../src/server/app';
import { closeServer, listen } from '../../src/server/listen';
import { TEST_NOW } from '../support/bot';
import { testRedis, uniquePrefix } from '../support/redis';
import { freePort } from '../support/redis-server';
import { Browser, linkUrlOf, waitForText } from './support';

/**
 * Plaid inside Teller's linking step, over HTTP: the link page creates a link token
 * (/link/token/create, with Teller's webhook), "Continue with Plaid sandbox" gets a public token
 * (/sandbox/public_token/create) and exchanges it (/item/public_token/exchange); the access token is
 * stored sealed; a signed SYNC_UPDATES_AVAILABLE moves the item's cursor; unlink calls /item/remove.
 */
const credentials = { clientId: 'teller-test', secret: 'plaid-test-secret' };
const bank = new SandboxBank({ now: () => TEST_NOW });
let redis: Redis;
let prefix: string;
let plaid: PlaidServer;
let plaidHttp: Server;
let server: Server;
let base: string;
let bot: Bot<PlaidLinking>;
let channel: RecordingChannel;
let cursors: RedisCursorStore;
const logs: string[] = [];
const updates: { itemId: string; summary: SyncSummary }[] = [];
const plaidCalls: string[] = [];
let basePath: string;

beforeAll(async () => {
  redis = testRedis();
  prefix = uniquePrefix('plaidlink');
  plaid = await PlaidServer.create({ bank, ...credentials });
  // Plaid's endpoints as Teller calls them (paths only).
  const front = express();
  front.use((req, _res, next) => {
    plaidCalls.push(req.path);
    next();
  });
  front.use(plaid.app);
  const p = await listen(front, 0, '127.0.0.1');
  plaidHttp = p.server;
  basePath = `http://127.0.0.1:${p.port}`;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  cursors = new RedisCursorStore(redis, prefix);
  const connector = new PlaidConnector({
    basePath,
    ...credentials,
    displayName: 'Sandbox Bank (via Plaid)',
    currency: 'GBP',
    timezone: 'Europe/London',
    cursors,
    now: () => TEST_NOW,
  });
  const api = plaidApi({ basePath, ...credentials });
  const knownMerchants = sandboxMerchants();
  bot = createBot({
    name: 'plaid-bank',
    connector: withSandboxDirectory(connector, bank),
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    redis,
    redisPrefix: prefix,
    publicUrl: base,
    logger: createLogger({
      level: 'debug',
      destination: { write: (line: string) => void logs.push(line) },
    } as Parameters<typeof createLogger>[0]),
    now: () => TEST_NOW,
    plaid: {
      link: new PlaidLink(api, { clientName: 'Teller', webhookUrl: `${base}/webhooks/plaid` }),
      webhooks: {
        verifier: new PlaidWebhookVerifier(api),
        sync: new PlaidSync(api, cursors),
        onUpdates: (itemId, summary) => void updates.push({ itemId, summary }),
      },
      sandbox: true,
    },
  });
  await bot.init();
  channel = new RecordingChannel(bot.engine);
  ({ server } = await listen(createApp(bot), port, '127.0.0.1'));
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await closeServer(server);
  await closeServer(plaidHttp);
  await bot?.close();
  await redis?.quit();
});

const user = (id: string) => ({ channel: 'test', userId: id });

async function linkPage(id: string) {
  const u = channel.user(id);
  await u.say("what's my balance");
  const link = linkUrlOf(u);
  const browser = new Browser();
  const page = await browser.get(link);
  return {
    u,
    browser,
    t: new URL(link).searchParams.get('t')!,
    status: page.status,
    html: await page.text(),
  };
}

describe('Plaid Link inside the linking step', () => {
  it('link token → sandbox public token → exchange: grant sealed, chat answers, webhook syncs, unlink removes the item', async () => {
    const p = await linkPage('pl-1');
    expect(p.status).toBe(200);
    expect(p.html).toContain('Continue with Plaid sandbox');
    expect(p.html).not.toMatch(/<script/i);
    const posted = await p.browser.post(`${base}/link/plaid`, {
      t: p.t,
      decision: 'approve',
      user: 'cust_amelia',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/link/done?result=approved');
    expect(plaidCalls).toEqual([
      '/link/token/create',
      '/sandbox/public_token/create',
      '/item/public_token/exchange',
      '/accounts/get',
      ...plaidCalls.slice(4),
    ]);
    const transcript = await waitForText(p.u, /Your balances:/);
    expect(transcript).toMatch(/You're linked to Sandbox Bank \(via Plaid\)/);
    for (const a of await bank.accounts({ subject: 'cust_amelia', scopes: [] }))
      expect(transcript).toContain(`••${a.last4}`);

    const grant = await bot.linking.grant(user('pl-1'), 'plaid');
    expect(grant).toMatchObject({
      connector: 'plaid',
      scopes: ['accounts:read', 'balances:read', 'transactions:read'],
    });
    const itemId = grant!.subject;
    const item = plaid.items.get(itemId)!;
    expect(item).toMatchObject({ customerId: 'cust_amelia', webhook: `${base}/webhooks/plaid` });
    expect(grant!.accessToken).toBe(item.accessToken);
    // At rest: the access token is nowhere in clear (Redis, logs); the item → owner index is a hash
    // key with the chat user sealed, so neither the item id nor the user's id is readable there.
    const keys = await redis.keys(`${prefix}*`);
    const values = async (ks: string[]) =>
      (await Promise.all(ks.map(async (k) => ((await redis.type(k)) === 'string' ? redis.get(k) : '')))).join(
        '\n',
      );
    expect(await values(keys)).not.toContain(item.accessToken);
    expect(logs.join('\n')).not.toContain(item.accessToken);
    const index = keys.filter((k) => k.includes('plaid-item:'));
    expect(index).toHaveLength(1);
    const indexed = index.join('\n') + (await values(index));
    for (const clear of [itemId, 'pl-1', 'test:pl-1']) expect(indexed).not.toContain(clear);
    expect(await bot.linking.grantForItem(itemId)).toMatchObject({ subject: itemId });

    // A signed SYNC_UPDATES_AVAILABLE: the item's owner is found, /transactions/sync moves the cursor.
    expect(await cursors.get(itemId)).toBeUndefined();
    expect(await plaid.fireWebhook(itemId)).toBe(200);
    expect(updates.at(-1)?.itemId).toBe(itemId);
    expect(updates.at(-1)!.summary.added).toBeGreaterThan(0);
    const cursor = await cursors.get(itemId);
    expect(cursor).toBeTruthy();
    expect(await plaid.fireWebhook(itemId)).toBe(200);
    expect(updates.at(-1)!.summary.added).toBe(0);
    // An unsigned (or tampered) webhook is refused.
    const forged = await fetch(`${base}/webhooks/plaid`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        webhook_type: 'TRANSACTIONS',
        webhook_code: 'SYNC_UPDATES_AVAILABLE',
        item_id: itemId,
      }),
    });
    expect(forged.status).toBe(401);

    await p.u.say('unlink');
    await waitForText(p.u, /Done: I revoked Teller's access/);
    expect(plaidCalls).toContain('/item/remove');
    expect(plaid.items.get(itemId)).toBeUndefined();
    expect(await cursors.get(itemId)).toBeUndefined();
    expect(await bot.linking.grantForItem(itemId)).toBeUndefined();
    expect(await bot.linking.grant(user('pl-1'), 'plaid')).toBeUndefined();
  });

  it('declining stores nothing; a used link token cannot be replayed', async () => {
    const p = await linkPage('pl-2');
    const declined = await p.browser.post(`${base}/link/plaid`, { t: p.t, decision: 'decline' });
    expect(declined.headers.get('location')).toBe('/link/done?result=declined');
    await waitForText(p.u, /you declined, so nothing was shared and nothing was stored/);
    const replay = await p.browser.post(`${base}/link/plaid`, {
      t: p.t,
      decision: 'approve',
      user: 'cust_amelia',
    });
    expect(replay.status).toBe(410);
    expect(await bot.linking.grant(user('pl-2'), 'plaid')).toBeUndefined();
    expect(await bot.ledger.current(user('pl-2'), 'plaid')).toBeUndefined();
  });

  it('a public token Plaid does not know is refused and the chat is told', async () => {
    const p = await linkPage('pl-3');
    const res = await p.browser.post(`${base}/link/plaid`, {
      t: p.t,
      decision: 'approve',
      public_token: 'public-sandbox-forged',
    });
    expect(res.status).toBe(400);
    await waitForText(p.u, /Your bank couldn't confirm the link/);
    expect(await bot.linking.grant(user('pl-3'), 'plaid')).toBeUndefined();
  });

  it('outside the sandbox the page opens Plaid Link with the link token; its public token is exchanged', async () => {
    const api = plaidApi({ basePath, ...credentials });
    const connector = new PlaidConnector({ basePath, ...credentials, currency: 'GBP', cursors });
    const live = createBot({
      name: 'plaid-live',
      connector: withSandboxDirectory(connector, bank),
      nlu: bot.nlu,
      intents: loadIntents(),
      publicUrl: base,
      logger: createLogger({ level: 'silent' }),
      now: () => TEST_NOW,
      plaid: { link: new PlaidLink(api, { clientName: 'Teller' }) },
    });
    await live.init();
    const { server: liveHttp, port } = await listen(createApp(live), 0, '127.0.0.1');
    try {
      const u = new RecordingChannel(live.engine).user('pl-live');
      await u.say("what's my balance");
      const link = linkUrlOf(u).replace(base, `http://127.0.0.1:${port}`);
      const page = await fetch(link);
      const html = await page.text();
      const csp = page.headers.get('content-security-policy')!;
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      expect(csp).toContain('https://cdn.plaid.com');
      expect(html).toContain(
        `<script nonce="${nonce}" src="https://cdn.plaid.com/link/v2/stable/link-initialize.js">`,
      );
      expect(html).toMatch(/token: "link-sandbox-[0-9a-f-]+"/);
      // What Plaid Link's onSuccess posts.
      const publicToken = (
        await api.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [] })
      ).data.public_token;
      const t = new URL(link).searchParams.get('t')!;
      const done = await new Browser().post(`http://127.0.0.1:${port}/link/plaid`, {
        t,
        decision: 'approve',
        public_token: publicToken,
      });
      expect(done.headers.get('location')).toBe('/link/done?result=approved');
      await waitForText(u, /Your balances:/);
      expect(live.linking.webhookRouter()).toBeUndefined();
    } finally {
      await closeServer(liveHttp);
      await live.close();
    }
  });
});
