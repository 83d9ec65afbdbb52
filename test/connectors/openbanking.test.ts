import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { errorCode } from '../../src/engine/errors';
import {
  AIS_BASE_PATH,
  OpenBankingConnector,
  OpenBankingServer,
  permissionsFor,
  toBalance,
} from '../../src/connectors/openbanking';
import { SandboxBank } from '../../src/connectors/sandbox';
import { closeServer, listen } from '../../src/server/listen';

const NOW = new Date('2026-03-18T12:00:00Z');
const CUSTOMER = 'cust_amelia';

interface Seen {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string | undefined>;
  body: unknown;
}

describe('Open Banking AIS v3.1.11 connector against the sandbox bank’s Open Banking face', () => {
  const bank = new SandboxBank({ now: () => NOW });
  const clientToken = randomBytes(12).toString('hex');
  const server = new OpenBankingServer({ bank, clientToken, pageSize: 7, now: () => NOW });
  const seen: Seen[] = [];
  let http: Server;
  let connector: OpenBankingConnector;

  beforeAll(async () => {
    const outer = express();
    outer.use(express.json());
    outer.use((req, _res, next) => {
      seen.push({
        method: req.method,
        path: req.path,
        url: req.originalUrl,
        headers: {
          authorization: req.get('authorization'),
          financial: req.get('x-fapi-financial-id'),
          interaction: req.get('x-fapi-interaction-id'),
        },
        body: req.body,
      });
      next();
    });
    // The server's own express.json() finds the body already parsed and leaves it as is.
    outer.use(server.app);
    const l = await listen(outer, 0, '127.0.0.1');
    http = l.server;
    connector = new OpenBankingConnector({
      displayName: 'Sandbox Bank',
      baseUrl: `http://127.0.0.1:${l.port}${AIS_BASE_PATH}`,
      financialId: server.financialId,
      clientToken: async () => clientToken,
      now: () => NOW,
    });
  });
  afterAll(() => closeServer(http));
  beforeEach(() => {
    seen.length = 0;
  });

  async function link(detail = false) {
    const auth = await connector.prepareAuthorization({
      transactionDetail: detail,
      accountIdentification: detail,
    });
    return connector.grantFor(CUSTOMER, server.authorise(auth.context.consentId, CUSTOMER), auth.context);
  }

  it('asks for least-privilege permissions: never ReadPAN, detail only when the customer opts in', () => {
    expect(permissionsFor()).toEqual([
      'ReadAccountsBasic',
      'ReadBalances',
      'ReadTransactionsBasic',
      'ReadTransactionsCredits',
      'ReadTransactionsDebits',
    ]);
    const opted = permissionsFor({ transactionDetail: true, accountIdentification: true });
    expect(opted).toContain('ReadTransactionsDetail');
    expect(opted).toContain('ReadAccountsDetail');
    expect(opted).not.toContain('ReadPAN');
  });

  it('POSTs the consent with the client token and FAPI headers, and binds authorization to its ConsentId', async () => {
    const auth = await connector.prepareAuthorization();
    const post = seen.find((s) => s.method === 'POST')!;
    expect(post.path).toBe(`${AIS_BASE_PATH}/account-access-consents`);
    expect(post.headers.authorization).toBe(`Bearer ${clientToken}`);
    expect(post.headers.financial).toBe(server.financialId);
    expect(post.headers.interaction).toMatch(/^[0-9a-f-]{36}$/);
    const body = post.body as { Data: { Permissions: string[]; ExpirationDateTime: string }; Risk: object };
    expect(body.Data.Permissions).toEqual(permissionsFor());
    expect(body.Risk).toEqual({});
    expect(Date.parse(body.Data.ExpirationDateTime)).toBe(NOW.getTime() + 90 * 86_400_000);
    expect(auth.context.consentId).toMatch(/^aac-/);
    expect(auth.scopes).toEqual(['openid', 'accounts']);
    expect(auth.extraParams.openbanking_intent_id).toBe(auth.context.consentId);
    expect(JSON.parse(auth.extraParams.claims).id_token.openbanking_intent_id).toEqual({
      value: auth.context.consentId,
      essential: true,
    });
    expect(auth.context.permissions).toBe(permissionsFor().join(' '));
    expect(connector.scopesFor(auth.context)).toEqual([
      'accounts:read',
      'balances:read',
      'transactions:read',
    ]);
    expect(server.consents.get(auth.context.consentId)?.Status).toBe('AwaitingAuthorisation');
  });

  it('cannot read before the customer authorised the consent', async () => {
    const auth = await connector.prepareAuthorization();
    const token = server.consents.mint(auth.context.consentId, CUSTOMER);
    const grant = connector.grantFor(CUSTOMER, token, auth.context);
    await expect(connector.accounts(grant)).rejects.toMatchObject({ code: 'TELLER_ERR_CONNECTOR_AUTH' });
  });

  it('reads with the customer token on every call, following Links.Next pages', async () => {
    const grant = await link(true);
    seen.length = 0;
    const list = await connector.transactions(grant, { from: '2026-02-01', to: '2026-03-10' });
    const pages = seen.filter((s) => s.path.endsWith('/transactions'));
    expect(pages.length).toBeGreaterThan(3); // 7 per page, 3 accounts
    for (const s of seen) {
      expect(s.headers.authorization).toBe(`Bearer ${grant.accessToken}`);
      expect(s.headers.financial).toBe(server.financialId);
    }
    // Exactly what the sandbox itself says, figure for figure.
    const direct = await bank.transactions(
      { subject: CUSTOMER, scopes: [] },
      { from: '2026-02-01', to: '2026-03-10' },
    );
    const view = (t: (typeof list)[number]) => [
      t.id,
      t.accountId,
      Date.parse(t.date),
      t.amount,
      t.direction,
      t.status,
      t.merchant,
      t.mcc,
    ];
    expect(list.map(view)).toEqual(direct.map(view));
    expect(list.find((t) => t.mcc === '5411')?.category).toBe('groceries');
  });

  it('sends booking date-time filters as UTC without a zone, covering the local days asked for', async () => {
    const grant = await link();
    seen.length = 0;
    await connector.transactions(grant, { from: '2026-06-01', to: '2026-06-02', timezone: 'Europe/London' });
    const url = new URL(seen.find((s) => s.path.endsWith('/transactions'))!.url, 'http://x');
    expect(url.searchParams.get('fromBookingDateTime')).toBe('2026-05-31T23:00:00');
    expect(url.searchParams.get('toBookingDateTime')).toBe('2026-06-02T22:59:59');
  });

  it('with Basic permissions there are no merchant names, descriptions or account numbers', async () => {
    const grant = await link(false);
    const accounts = await connector.accounts(grant);
    expect(accounts.every((a) => a.last4 === '')).toBe(true);
    const list = await connector.transactions(grant, { from: '2026-03-01', to: '2026-03-10' });
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((t) => t.merchant === undefined && t.mcc === undefined)).toBe(true);
    expect(new Set(list.map((t) => t.description))).not.toContain(undefined);
    expect(list.some((t) => t.category === 'income' || t.category === 'bills' || t.category === 'cash')).toBe(
      true,
    );
  });

  it('with detail, account numbers show only their last 4', async () => {
    const grant = await link(true);
    const accounts = await connector.accounts(grant);
    const direct = await bank.accounts({ subject: CUSTOMER, scopes: [] });
    expect(accounts.map((a) => [a.id, a.type, a.last4, a.currency])).toEqual(
      direct.map((a) => [a.id, a.type, a.last4, a.currency]),
    );
  });

  it('balances: InterimBooked is current, InterimAvailable available (falling back to InterimBooked)', async () => {
    const grant = await link();
    const got = await connector.balances(grant);
    const direct = await bank.balances({ subject: CUSTOMER, scopes: [] });
    expect(got.map((b) => [b.accountId, b.current, b.available])).toEqual(
      direct.map((b) => [b.accountId, b.current, b.available]),
    );
    const booked = {
      AccountId: 'x',
      Amount: { Amount: '5.00', Currency: 'GBP' },
      CreditDebitIndicator: 'Debit' as const,
      DateTime: NOW.toISOString(),
    };
    expect(toBalance('x', [{ ...booked, Type: 'InterimBooked' }])).toMatchObject({
      current: { amount: '-5.00' },
      available: { amount: '-5.00' },
    });
    expect(
      toBalance('x', [{ ...booked, Type: 'InterimAvailable', CreditDebitIndicator: 'Credit' }]),
    ).toMatchObject({
      current: { amount: '5.00' },
      available: { amount: '5.00' },
    });
    expect(toBalance('x', [{ ...booked, Type: 'Expected' }])).toBeUndefined();
  });

  it('unlinking DELETEs the consent; its tokens stop working; deleting again is fine', async () => {
    const grant = await link();
    await connector.revoke(grant);
    const del = seen.find((s) => s.method === 'DELETE')!;
    expect(del.path).toBe(`${AIS_BASE_PATH}/account-access-consents/${grant.consentId}`);
    expect(del.headers.authorization).toBe(`Bearer ${clientToken}`);
    expect(server.consents.get(grant.consentId!)).toBeUndefined();
    await expect(connector.balances(grant)).rejects.toMatchObject({ code: 'TELLER_ERR_CONNECTOR_AUTH' });
    await expect(connector.revoke(grant)).resolves.toBeUndefined();
  });

  it('the server refuses a wrong financial id and bad permission sets', async () => {
    const wrong = new OpenBankingConnector({
      displayName: 'x',
      baseUrl: (connector as unknown as { o: { baseUrl: string } }).o.baseUrl,
      financialId: 'someone-else',
      clientToken: async () => clientToken,
    });
    expect(errorCode(await wrong.createConsent().catch((e: unknown) => e))).toBe('TELLER_ERR_CONNECTOR_AUTH');
    const base = (connector as unknown as { o: { baseUrl: string } }).o.baseUrl;
    const res = await fetch(`${base}/account-access-consents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clientToken}`,
        'x-fapi-financial-id': server.financialId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ Data: { Permissions: ['ReadTransactionsBasic'] }, Risk: {} }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-fapi-interaction-id')).toBeTruthy();
  });
});

describe('OpenBankingServer with tokens minted elsewhere (an IdP)', () => {
  it('accepts a token resolveToken vouches for, once the consent is authorised', async () => {
    const bank = new SandboxBank({ now: () => NOW });
    const issued = new Map<string, { consentId: string; subject: string }>();
    const server = new OpenBankingServer({
      bank,
      clientToken: 'client',
      now: () => NOW,
      resolveToken: async (token) => issued.get(token),
    });
    const { server: http, port } = await listen(server.app, 0, '127.0.0.1');
    try {
      const connector = new OpenBankingConnector({
        displayName: 'Sandbox Bank',
        baseUrl: `http://127.0.0.1:${port}${AIS_BASE_PATH}`,
        financialId: server.financialId,
        clientToken: async () => 'client',
        now: () => NOW,
      });
      const auth = await connector.prepareAuthorization();
      // The IdP's consent screen approved it for the customer and issued its own access token.
      server.authorise(auth.context.consentId, CUSTOMER);
      issued.set('idp-access-token', { consentId: auth.context.consentId, subject: CUSTOMER });
      const grant = connector.grantFor(CUSTOMER, 'idp-access-token', auth.context);
      expect(await connector.accounts(grant)).toHaveLength(3);
      const stranger = connector.grantFor(CUSTOMER, 'made-up', auth.context);
      await expect(connector.accounts(stranger)).rejects.toMatchObject({ code: 'TELLER_ERR_CONNECTOR_AUTH' });
    } finally {
      await closeServer(http);
    }
  });
});
