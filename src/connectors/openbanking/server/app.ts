import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { FaultInjector } from '../../conformance/faults';
import type { SandboxBank } from '../../sandbox';
import type { Account } from '../../types';
import { describePermissions } from '../permissions';
import { AIS_BASE_PATH, type Permission } from '../schema';
import { ConsentStore, permissionProblem, type StoredConsent } from './consents';
import { renderAccount, renderBalances, renderTransaction } from './render';

export interface OpenBankingServerOptions {
  bank: SandboxBank;
  /** The `x-fapi-financial-id` this bank answers to. */
  financialId?: string;
  /** The client-credentials token Teller presents on the consent endpoints. */
  clientToken: string;
  /** Transactions per page (`Links.Next` follows). Default 100. */
  pageSize?: number;
  /** Accepts customer tokens minted elsewhere (e.g. by an IdP), besides the ones `authorise` mints. */
  resolveToken?: (token: string) => Promise<{ consentId: string; subject: string } | undefined>;
  now?: () => Date;
}

/** An identity provider's handle on the bank's consents (see `OpenBankingServer.intents`). */
export interface ConsentIntents {
  /** What the consent asks for, in the customer's words; undefined unless it awaits authorisation. */
  pending(consentId: string): string[] | undefined;
  authorise(consentId: string, subject: string): void;
  reject(consentId: string): void;
}

export const DEFAULT_FINANCIAL_ID = '0015800001041TELLER';

type Customer = { consent: StoredConsent; subject: string };

/**
 * The sandbox bank's HTTP face: UK Open Banking Read/Write v3.1.11 AIS endpoints (consents,
 * accounts, balances, transactions with `Links.Next` paging) over SandboxBank data. Mount `app`
 * or listen on it; `authorise` stands in for the bank's own login and consent screen.
 */
export class OpenBankingServer {
  readonly app: Express;
  readonly consents: ConsentStore;
  readonly faults = new FaultInjector();
  readonly financialId: string;
  private readonly pageSize: number;
  private readonly now: () => Date;

  constructor(private readonly o: OpenBankingServerOptions) {
    const now = o.now ?? (() => new Date());
    this.now = now;
    this.consents = new ConsentStore(now);
    this.financialId = o.financialId ?? DEFAULT_FINANCIAL_ID;
    this.pageSize = o.pageSize ?? 100;
    this.app = express();
    this.app.disable('x-powered-by');
    this.app.use(AIS_BASE_PATH, this.router());
  }

  /** The customer logged in at the bank as `subject` and approved the consent. */
  authorise(consentId: string, subject: string): string {
    return this.consents.authorise(consentId, subject);
  }

  /** The customer declined the consent at the bank. */
  reject(consentId: string): void {
    this.consents.reject(consentId);
  }

  /**
   * The bank's sign-in screen's view of consents (`openbanking_intent_id`): what a consent awaiting
   * authorisation asks for, in words, and the customer's decision. The sandbox IdP takes this.
   */
  intents(): ConsentIntents {
    return {
      pending: (id) => {
        const consent = this.consents.get(id);
        return consent?.Status === 'AwaitingAuthorisation'
          ? describePermissions(consent.Permissions)
          : undefined;
      },
      authorise: (id, subject) => void this.consents.authorise(id, subject),
      reject: (id) => this.consents.reject(id),
    };
  }

  private router(): express.Router {
    const r = express.Router();
    r.use(this.faults.middleware);
    r.use(express.json({ limit: '64kb' }));
    r.use((req, res, next) => {
      res.setHeader('x-fapi-interaction-id', req.get('x-fapi-interaction-id') ?? randomUUID());
      if (req.get('x-fapi-financial-id') !== this.financialId)
        return fail(res, 403, 'UK.OBIE.Header.Invalid', 'x-fapi-financial-id');
      next();
    });
    const client = (req: Request, res: Response, next: NextFunction) =>
      bearer(req) === this.o.clientToken ? next() : fail(res, 401, 'UK.OBIE.Unauthorised', 'client token');

    r.post('/account-access-consents', client, (req, res) => {
      const data = (
        req.body as { Data?: { Permissions?: unknown; ExpirationDateTime?: unknown } } | undefined
      )?.Data;
      const problem = permissionProblem(data?.Permissions);
      if (problem) return fail(res, 400, 'UK.OBIE.Field.Invalid', problem);
      const expiry = typeof data?.ExpirationDateTime === 'string' ? data.ExpirationDateTime : undefined;
      const consent = this.consents.create(data?.Permissions as Permission[], expiry);
      res.status(201).json(consentBody(consent, self(req, `/account-access-consents/${consent.ConsentId}`)));
    });
    r.get('/account-access-consents/:id', client, (req, res) => {
      const consent = this.consents.get(String(req.params.id));
      if (!consent) return fail(res, 404, 'UK.OBIE.Resource.NotFound', 'consent');
      res.json(consentBody(consent, self(req, req.path)));
    });
    r.delete('/account-access-consents/:id', client, (req, res) => {
      if (!this.consents.delete(String(req.params.id)))
        return fail(res, 404, 'UK.OBIE.Resource.NotFound', 'consent');
      res.status(204).end();
    });

    r.get('/accounts', async (req, res) => {
      const who = await this.customer(req, res, ['ReadAccountsBasic', 'ReadAccountsDetail']);
      if (!who) return;
      const accounts = await this.o.bank.accounts({ subject: who.subject, scopes: [] });
      res.json({
        Data: {
          Account: accounts.map((a) => renderAccount(this.o.bank, who.subject, a, who.consent.Permissions)),
        },
        Links: { Self: self(req, '/accounts') },
        Meta: { TotalPages: 1 },
      });
    });
    r.get('/accounts/:id/balances', async (req, res) => {
      const who = await this.customer(req, res, ['ReadBalances']);
      const account = who && (await this.account(who, String(req.params.id), res));
      if (!who || !account) return;
      const [balance] = await this.o.bank.balances({ subject: who.subject, scopes: [] }, [account.id]);
      res.json({
        Data: { Balance: balance ? renderBalances(balance) : [] },
        Links: { Self: self(req, req.path) },
        Meta: { TotalPages: 1 },
      });
    });
    r.get('/accounts/:id/transactions', async (req, res) => {
      const who = await this.customer(req, res, ['ReadTransactionsBasic', 'ReadTransactionsDetail']);
      const account = who && (await this.account(who, String(req.params.id), res));
      if (!who || !account) return;
      await this.transactions(req, res, who, account);
    });
    return r;
  }

  private async transactions(req: Request, res: Response, who: Customer, account: Account): Promise<void> {
    const info = this.o.bank.ledgerInfo(who.subject);
    const from =
      bookingTime(req.query.fromBookingDateTime) ?? Date.parse(`${info.from}T00:00:00Z`) - 86_400_000;
    const to = bookingTime(req.query.toBookingDateTime) ?? this.now().getTime() + 86_400_000;
    if (Number.isNaN(from) || Number.isNaN(to))
      return fail(res, 400, 'UK.OBIE.Field.Invalid', 'BookingDateTime');
    const page = Number(req.query.page ?? '1');
    if (!Number.isInteger(page) || page < 1) return fail(res, 400, 'UK.OBIE.Field.Invalid', 'page');
    const perms = who.consent.Permissions;
    const list =
      to < from
        ? []
        : (
            await this.o.bank.transactions(
              { subject: who.subject, scopes: [] },
              { from: utcDate(from), to: utcDate(to), timezone: 'UTC', accountIds: [account.id] },
            )
          ).filter((t) => {
            const at = Date.parse(t.date);
            const wanted = t.direction === 'credit' ? 'ReadTransactionsCredits' : 'ReadTransactionsDebits';
            // Inclusive at both ends, to the second (the filter has no finer precision).
            return at >= from && at < to + 1000 && perms.includes(wanted);
          });
    const pages = Math.max(1, Math.ceil(list.length / this.pageSize));
    const slice = list.slice((page - 1) * this.pageSize, page * this.pageSize);
    const link = (p: number) => {
      const q = new URLSearchParams(req.query as Record<string, string>);
      q.set('page', String(p));
      return self(req, `${req.path}?${q}`);
    };
    res.json({
      Data: { Transaction: slice.map((t) => renderTransaction(t, account, perms)) },
      Links: {
        Self: link(page),
        First: link(1),
        Last: link(pages),
        ...(page > 1 ? { Prev: link(page - 1) } : {}),
        ...(page < pages ? { Next: link(page + 1) } : {}),
      },
      Meta: { TotalPages: pages, FirstAvailableDateTime: `${info.from}T00:00:00Z` },
    });
  }

  /** The customer behind the Bearer token, with an authorised, unexpired consent granting one of `needs`. */
  private async customer(req: Request, res: Response, needs: Permission[]): Promise<Customer | undefined> {
    const token = bearer(req);
    let t;
    try {
      t = token ? (this.consents.token(token) ?? (await this.o.resolveToken?.(token))) : undefined;
    } catch {
      // The authorization server could not say (down, or refused us): not the customer's fault.
      return void fail(res, 500, 'UK.OBIE.UnexpectedError', 'token introspection');
    }
    if (!t) return void fail(res, 401, 'UK.OBIE.Unauthorised', 'token');
    const consent = this.consents.get(t.consentId);
    const expired =
      consent?.ExpirationDateTime && Date.parse(consent.ExpirationDateTime) < this.now().getTime();
    if (!consent || consent.Status !== 'Authorised' || expired)
      return void fail(res, 403, 'UK.OBIE.Resource.ConsentMismatch', 'consent');
    if (!needs.some((p) => consent.Permissions.includes(p)))
      return void fail(res, 403, 'UK.OBIE.Resource.ConsentMismatch', 'permission');
    return { consent, subject: t.subject };
  }

  private async account(who: Customer, id: string, res: Response): Promise<Account | undefined> {
    const accounts = await this.o.bank.accounts({ subject: who.subject, scopes: [] });
    const account = accounts.find((a) => a.id === id);
    if (!account) fail(res, 403, 'UK.OBIE.Resource.ConsentMismatch', 'account');
    return account;
  }
}

function consentBody(consent: StoredConsent, selfUrl: string) {
  const { subject: _subject, ...data } = consent;
  return { Data: data, Risk: {}, Links: { Self: selfUrl }, Meta: { TotalPages: 1 } };
}

function bearer(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return m?.[1];
}

function self(req: Request, path: string): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}${path}`;
}

/** v3.1 filters are UTC date-times; a zone designator, if any, is ignored as the spec says. */
function bookingTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?))?/.exec(value);
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`);
}

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function fail(res: Response, status: number, code: string, field: string): void {
  res.status(status).json({
    Code: String(status),
    Id: randomUUID(),
    Message: 'Request rejected',
    Errors: [{ ErrorCode: code, Message: `Invalid or missing ${field}`, Path: field }],
  });
}
