import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import express, { type Express, type Request, type Response } from 'express';
import { FaultInjector } from '../../conformance/faults';
import type { Transaction } from '../../types';
import { ItemStore, type Item } from './items';
import { renderAccount, renderTransaction, type SandboxLike } from './render';
import { WebhookSigner } from './webhooks';

export interface PlaidServerOptions {
  bank: SandboxLike;
  clientId: string;
  secret: string;
}

class PlaidFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
  ) {
    super(code);
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The request fields the local Plaid reads (unvalidated JSON: every field may be missing). */
interface PlaidBody {
  client_id?: string;
  secret?: string;
  access_token?: string;
  public_token?: string;
  user?: { client_user_id?: string };
  webhook?: string;
  webhook_code?: string;
  key_id?: string;
  start_date?: string;
  end_date?: string;
  cursor?: string;
  count?: number;
  options?: {
    override_username?: string;
    webhook?: string;
    account_ids?: string[];
    count?: number;
    offset?: number;
  };
}

/**
 * A local Plaid: the endpoints Teller uses, in Plaid's request and response shapes, over the
 * sandbox bank's customers. Link is `/sandbox/public_token/create` (as in Plaid's own sandbox).
 */
export class PlaidServer {
  readonly app: Express;
  readonly items = new ItemStore();
  readonly faults = new FaultInjector();

  private constructor(
    private readonly o: PlaidServerOptions,
    readonly signer: WebhookSigner,
  ) {
    this.app = express();
    this.app.disable('x-powered-by');
    this.app.use(this.faults.middleware);
    this.app.use(express.json({ limit: '64kb' }));
    this.routes();
  }

  static async create(o: PlaidServerOptions): Promise<PlaidServer> {
    return new PlaidServer(o, await WebhookSigner.create());
  }

  /** Sends SYNC_UPDATES_AVAILABLE (or another TRANSACTIONS code) to the item's webhook. */
  async fireWebhook(itemId: string, code = 'SYNC_UPDATES_AVAILABLE'): Promise<number> {
    const item = this.items.get(itemId);
    if (!item?.webhook) throw new Error('The item has no webhook');
    return this.signer.send(item.webhook, {
      webhook_type: 'TRANSACTIONS',
      webhook_code: code,
      item_id: itemId,
      initial_update_complete: true,
      historical_update_complete: true,
      environment: 'sandbox',
    });
  }

  private routes(): void {
    const post = (path: string, fn: (body: PlaidBody, req: Request) => Promise<object> | object) =>
      this.app.post(path, async (req: Request, res: Response) => {
        try {
          const body = (req.body ?? {}) as PlaidBody;
          const id = req.get('plaid-client-id') ?? body.client_id;
          const secret = req.get('plaid-secret') ?? body.secret;
          if (id !== this.o.clientId || secret !== this.o.secret)
            throw new PlaidFailure(400, 'INVALID_INPUT', 'INVALID_API_KEYS');
          res.json({ ...(await fn(body, req)), request_id: randomUUID().slice(0, 15) });
        } catch (err) {
          const f =
            err instanceof PlaidFailure ? err : new PlaidFailure(500, 'API_ERROR', 'INTERNAL_SERVER_ERROR');
          res.status(f.status).json({
            error_type: f.type,
            error_code: f.code,
            error_message: f.code.toLowerCase().replace(/_/g, ' '),
            display_message: null,
            request_id: randomUUID().slice(0, 15),
          });
        }
      });

    post('/link/token/create', (b) => {
      if (!b.user?.client_user_id) throw new PlaidFailure(400, 'INVALID_REQUEST', 'MISSING_FIELDS');
      const { token, expiresAt } = this.items.linkToken(b.webhook);
      return { link_token: token, expiration: new Date(expiresAt).toISOString() };
    });
    post('/sandbox/public_token/create', (b) => {
      const customer = b.options?.override_username ?? this.o.bank.listCustomers()[0]!.id;
      if (!this.o.bank.listCustomers().some((c) => c.id === customer))
        throw new PlaidFailure(400, 'INVALID_INPUT', 'INVALID_CREDENTIALS');
      return { public_token: this.items.publicToken(customer, { webhook: b.options?.webhook }) };
    });
    post('/item/public_token/exchange', (b) => {
      const item = this.items.exchange(String(b.public_token ?? ''));
      if (!item) throw new PlaidFailure(400, 'INVALID_INPUT', 'INVALID_PUBLIC_TOKEN');
      return { access_token: item.accessToken, item_id: item.itemId };
    });
    post('/item/remove', (b) => {
      this.items.remove(this.item(b).itemId);
      return {};
    });
    post('/accounts/get', async (b) => this.accounts(this.item(b), b.options?.account_ids));
    post('/accounts/balance/get', async (b) => this.accounts(this.item(b), b.options?.account_ids));
    post('/transactions/get', async (b) => this.transactionsGet(this.item(b), b));
    post('/transactions/sync', async (b) => this.transactionsSync(this.item(b), b));
    post('/webhook_verification_key/get', (b) => {
      if (b.key_id !== this.signer.jwk.kid)
        throw new PlaidFailure(400, 'INVALID_INPUT', 'INVALID_WEBHOOK_VERIFICATION_KEY_ID');
      return { key: { ...this.signer.jwk, created_at: this.signer.createdAt, expired_at: null } };
    });
    post('/sandbox/item/fire_webhook', async (b) => {
      const item = this.item(b);
      return { webhook_fired: (await this.fireWebhook(item.itemId, b.webhook_code)) < 300 };
    });
  }

  private item(b: PlaidBody): Item {
    const item = this.items.byAccessToken(String(b.access_token ?? ''));
    if (!item) throw new PlaidFailure(400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN');
    if (item.loginRequired) throw new PlaidFailure(400, 'ITEM_ERROR', 'ITEM_LOGIN_REQUIRED');
    return item;
  }

  private grant(item: Item) {
    return { subject: item.customerId, scopes: [] };
  }

  private async accounts(item: Item, ids: string[] | undefined) {
    const all = await this.o.bank.accounts(this.grant(item));
    const accounts = ids ? all.filter((a) => ids.includes(a.id)) : all;
    if (ids && accounts.length !== ids.length)
      throw new PlaidFailure(400, 'INVALID_INPUT', 'INVALID_ACCOUNT_ID');
    const balances = await this.o.bank.balances(
      this.grant(item),
      accounts.map((a) => a.id),
    );
    const info = this.o.bank.ledgerInfo(item.customerId);
    return {
      accounts: accounts.map((a) =>
        renderAccount(
          a,
          balances.find((b) => b.accountId === a.id),
          info.accounts.find((x) => x.accountId === a.id)?.creditLimit?.amount,
        ),
      ),
      item: { item_id: item.itemId, institution_id: 'ins_teller_sandbox', webhook: item.webhook ?? '' },
    };
  }

  /** Newest first, by the institution's local date, inclusive at both ends. */
  private async window(item: Item, from: string, to: string, ids?: string[]) {
    const zone = this.o.bank.ledgerInfo(item.customerId).timezone;
    const list = await this.o.bank.transactions(this.grant(item), {
      from,
      to,
      timezone: zone,
      ...(ids ? { accountIds: ids } : {}),
    });
    const local = (t: Transaction) =>
      DateTime.fromISO(t.date, { zone: 'UTC' }).setZone(zone).toISODate() as string;
    return list.map((t) => ({ t, json: renderTransaction(t, local(t)) }));
  }

  private async transactionsGet(item: Item, b: PlaidBody) {
    const from = String(b.start_date);
    const to = String(b.end_date);
    if (!DATE.test(from) || !DATE.test(to) || from > to)
      throw new PlaidFailure(400, 'INVALID_REQUEST', 'INVALID_FIELD');
    const count = Number(b.options?.count ?? 100);
    const offset = Number(b.options?.offset ?? 0);
    if (!Number.isInteger(count) || count < 1 || count > 500 || !Number.isInteger(offset) || offset < 0)
      throw new PlaidFailure(400, 'INVALID_REQUEST', 'INVALID_FIELD');
    const list = await this.window(item, from, to, b.options?.account_ids);
    return {
      ...(await this.accounts(item, undefined)),
      transactions: list.slice(offset, offset + count).map((x) => x.json),
      total_transactions: list.length,
    };
  }

  /**
   * The change stream: a cursor remembers up to which instant the client has seen transactions
   * (plus a page offset within one pass). Sandbox transactions only ever appear, so everything
   * after the cursor is "added".
   */
  private async transactionsSync(item: Item, b: PlaidBody) {
    const count = Number(b.count ?? 100);
    if (!Number.isInteger(count) || count < 1 || count > 500)
      throw new PlaidFailure(400, 'INVALID_REQUEST', 'INVALID_FIELD');
    let cursor: { s: number; a: number; o: number };
    try {
      cursor = b.cursor
        ? JSON.parse(Buffer.from(String(b.cursor), 'base64url').toString())
        : { s: 0, a: Date.now(), o: 0 };
    } catch {
      throw new PlaidFailure(400, 'INVALID_INPUT', 'INVALID_CURSOR');
    }
    const at = cursor.o > 0 ? cursor.a : Date.now();
    const info = this.o.bank.ledgerInfo(item.customerId);
    const changes = (await this.window(item, info.from, info.to))
      .filter(({ t }) => Date.parse(t.date) > cursor.s && Date.parse(t.date) <= at)
      .reverse();
    const page = changes.slice(cursor.o, cursor.o + count);
    const more = cursor.o + count < changes.length;
    const next = more ? { s: cursor.s, a: at, o: cursor.o + count } : { s: at, a: at, o: 0 };
    return {
      added: page.map((x) => x.json),
      modified: [],
      removed: [],
      next_cursor: Buffer.from(JSON.stringify(next)).toString('base64url'),
      has_more: more,
      transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE',
      accounts: [],
    };
  }
}
