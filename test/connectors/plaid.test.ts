import type { Server } from 'node:http';
import express from 'express';
import type Redis from 'ioredis';
import {
  handlePlaidWebhook,
  plaidApi,
  PlaidConnector,
  PlaidLink,
  PlaidServer,
  PlaidSync,
  plaidWebhookRouter,
  PlaidWebhookVerifier,
  RedisCursorStore,
  type SyncSummary,
} from '../../src/connectors/plaid';
import { SandboxBank } from '../../src/connectors/sandbox';
import type { ConnectorGrant } from '../../src/connectors/types';
import { closeServer, listen } from '../../src/server/listen';
import { testRedis, uniquePrefix } from '../support/redis';

const NOW = new Date('2026-03-18T12:00:00Z');
const CUSTOMER = 'cust_daniel';
const credentials = { clientId: 'teller-test', secret: 'plaid-test-secret' };

describe('Plaid connector (official client) against the local Plaid server', () => {
  const bank = new SandboxBank({ now: () => NOW });
  let plaid: PlaidServer;
  let plaidHttp: Server;
  let hooksHttp: Server;
  let webhookUrl: string;
  let basePath: string;
  let redis: Redis;
  let prefix: string;
  let cursors: RedisCursorStore;
  let connector: PlaidConnector;
  let link: PlaidLink;
  const grants = new Map<string, ConnectorGrant>();
  const updates: { itemId: string; summary: SyncSummary }[] = [];

  beforeAll(async () => {
    plaid = await PlaidServer.create({ bank, ...credentials });
    const l = await listen(plaid.app, 0, '127.0.0.1');
    plaidHttp = l.server;
    basePath = `http://127.0.0.1:${l.port}`;
    redis = testRedis();
    prefix = uniquePrefix('plaid');
    cursors = new RedisCursorStore(redis, prefix);
    connector = new PlaidConnector({
      basePath,
      ...credentials,
      currency: 'GBP',
      timezone: 'Europe/London',
      cursors,
      pageSize: 10,
    });
    const api = plaidApi({ basePath, ...credentials });
    const hooks = express();
    hooks.use(
      '/webhooks/plaid',
      plaidWebhookRouter({
        verifier: new PlaidWebhookVerifier(api),
        sync: new PlaidSync(api, cursors),
        grantForItem: async (itemId) => grants.get(itemId),
        onUpdates: (itemId, summary) => void updates.push({ itemId, summary }),
      }),
    );
    const h = await listen(hooks, 0, '127.0.0.1');
    hooksHttp = h.server;
    webhookUrl = `http://127.0.0.1:${h.port}/webhooks/plaid`;
    link = new PlaidLink(api, { clientName: 'Teller', webhookUrl });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await closeServer(plaidHttp);
    await closeServer(hooksHttp);
  });

  /** Link-token flow: create → (Plaid Link in the browser) → public token → exchange. */
  async function linkCustomer(): Promise<ConnectorGrant> {
    const { linkToken } = await link.createLinkToken('messenger:12345');
    expect(linkToken).toMatch(/^link-sandbox-/);
    const publicToken = plaid.items.publicToken(CUSTOMER, { linkToken });
    const grant = await link.exchange(publicToken);
    grants.set(grant.subject, grant);
    return grant;
  }

  it('links through /link/token/create and /item/public_token/exchange; a public token works once', async () => {
    const grant = await linkCustomer();
    expect(grant.accessToken).toMatch(/^access-sandbox-/);
    expect(grant.scopes).toEqual(['accounts:read', 'balances:read', 'transactions:read']);
    const again = plaid.items.publicToken(CUSTOMER);
    await link.exchange(again);
    await expect(link.exchange(again)).rejects.toMatchObject({ code: 'TELLER_ERR_CONNECTOR_QUERY' });
  });

  it('balances from /accounts/balance/get: a card balance owed is negative, as Teller holds it', async () => {
    const grant = await linkCustomer();
    const got = await connector.balances(grant);
    const direct = await bank.balances({ subject: CUSTOMER, scopes: [] });
    expect(got.map((b) => [b.accountId, b.current, b.available])).toEqual(
      direct.map((b) => [b.accountId, b.current, b.available]),
    );
    const one = await connector.balances(grant, ['acc_daniel_card']);
    expect(one.map((b) => b.accountId)).toEqual(['acc_daniel_card']);
  });

  it('transactions: exact amounts from JSON floats, directions from signs, paged by offset', async () => {
    const grant = await linkCustomer();
    const query = { from: '2026-02-01', to: '2026-03-15', timezone: 'Europe/London' };
    const got = await connector.transactions(grant, query);
    const direct = await bank.transactions({ subject: CUSTOMER, scopes: [] }, query);
    expect(got.length).toBeGreaterThan(20); // several pages of 10
    // Date-only transactions (transfers, direct debits) sit at local noon, so compare by id and local date.
    const day = (iso: string) => new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    const view = (list: typeof got) =>
      list
        .map((t) => [t.id, day(t.date), t.amount, t.direction, t.status, t.merchant, t.category])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(view(got)).toEqual(view(direct));
    const timed = got.filter((t) => direct.find((d) => d.id === t.id)!.mcc);
    expect(
      timed.every((t) => Date.parse(t.date) === Date.parse(direct.find((d) => d.id === t.id)!.date)),
    ).toBe(true);
  });

  it('SYNC_UPDATES_AVAILABLE: the webhook is verified, sync runs, and only the cursor is kept (in Redis)', async () => {
    const grant = await linkCustomer();
    updates.length = 0;
    expect(await plaid.fireWebhook(grant.subject)).toBe(200);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.summary.added).toBeGreaterThan(100);
    const stored = await cursors.get(grant.subject);
    expect(stored).toBeTruthy();
    // Nothing but cursors under our prefix: no transactions, amounts or account numbers at rest.
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.every((k) => k.startsWith(`${prefix}plaid:cursor:`))).toBe(true);
    for (const k of keys) expect(await redis.type(k)).toBe('string');
    // Nothing new since: the next pass from the stored cursor adds nothing.
    expect(await plaid.fireWebhook(grant.subject)).toBe(200);
    expect(updates[1]!.summary).toMatchObject({ added: 0, modified: 0, removed: 0 });
    expect(await cursors.get(grant.subject)).not.toBe(undefined);
  });

  it('rejects unverified webhooks: tampered body, stale iat, unknown key, no header', async () => {
    const verifier = new PlaidWebhookVerifier(plaidApi({ basePath, ...credentials }));
    const body = JSON.stringify({
      webhook_type: 'TRANSACTIONS',
      webhook_code: 'SYNC_UPDATES_AVAILABLE',
      item_id: 'x',
    });
    const code = 'TELLER_ERR_CONNECTOR_WEBHOOK';
    await expect(verifier.verify(body, await plaid.signer.sign(body))).resolves.toBeUndefined();
    await expect(
      verifier.verify(body.replace('x', 'y'), await plaid.signer.sign(body)),
    ).rejects.toMatchObject({ code });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    await expect(verifier.verify(body, await plaid.signer.sign(body, stale))).rejects.toMatchObject({ code });
    await expect(verifier.verify(body, undefined)).rejects.toMatchObject({ code });
    await expect(verifier.verify(body, 'not.a.jwt')).rejects.toMatchObject({ code });
    const other = await PlaidServer.create({ bank, ...credentials });
    await expect(verifier.verify(body, await other.signer.sign(body))).rejects.toMatchObject({ code });
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'plaid-verification': await plaid.signer.sign('{}') },
      body,
    });
    expect(res.status).toBe(401);
  });

  it('ignores other webhook codes and unknown items (after verifying them)', async () => {
    const api = plaidApi({ basePath, ...credentials });
    const o = {
      verifier: new PlaidWebhookVerifier(api),
      sync: new PlaidSync(api, cursors),
      grantForItem: async () => undefined,
    };
    const send = async (payload: object) => {
      const body = JSON.stringify(payload);
      return handlePlaidWebhook(o, Buffer.from(body), await plaid.signer.sign(body));
    };
    expect(await send({ webhook_type: 'ITEM', webhook_code: 'ERROR', item_id: 'i' })).toBe('ignored');
    expect(
      await send({ webhook_type: 'TRANSACTIONS', webhook_code: 'SYNC_UPDATES_AVAILABLE', item_id: 'i' }),
    ).toBe('unknown-item');
  });

  it('unlink calls /item/remove, forgets the cursor; the token is dead; removing again is fine', async () => {
    const grant = await linkCustomer();
    await plaid.fireWebhook(grant.subject);
    expect(await cursors.get(grant.subject)).toBeDefined();
    await connector.revoke(grant);
    expect(plaid.items.get(grant.subject)).toBeUndefined();
    expect(await cursors.get(grant.subject)).toBeUndefined();
    await expect(connector.accounts(grant)).rejects.toMatchObject({ code: 'TELLER_ERR_CONNECTOR_AUTH' });
    await expect(connector.revoke(grant)).resolves.toBeUndefined();
  });

  it('maps Plaid errors to stable codes: ITEM_LOGIN_REQUIRED is AUTH, bad keys are not the customer’s fault', async () => {
    const grant = await linkCustomer();
    plaid.items.byAccessToken(grant.accessToken!)!.loginRequired = true;
    await expect(connector.accounts(grant)).rejects.toMatchObject({ code: 'TELLER_ERR_CONNECTOR_AUTH' });
    const wrongKeys = new PlaidConnector({ basePath, clientId: 'x', secret: 'y' });
    await expect(wrongKeys.accounts(grant)).rejects.toMatchObject({
      code: 'TELLER_ERR_CONNECTOR_UNAVAILABLE',
    });
    const nowhere = new PlaidConnector({ basePath: 'http://127.0.0.1:9', ...credentials });
    await expect(nowhere.accounts(grant)).rejects.toMatchObject({ code: 'TELLER_ERR_CONNECTOR_UNAVAILABLE' });
  });
});
