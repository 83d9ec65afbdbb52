import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Request, type Response, type Router } from 'express';
import Provider, { type InteractionDetails } from 'oidc-provider';
import type { Logger } from '../../../logging/logger';
import type { ConsentIntents } from '../../openbanking/server';
import { consentPage, errorPage, SCOPE_TEXT } from './pages';

/** A relying party the sandbox bank knows (Teller, in the demo). */
export interface SandboxIdpClient {
  clientId: string;
  clientSecret: string;
  /** Registered exactly; the bank redirects to no other URL. */
  redirectUris: string[];
  /** Shown on the consent screen. */
  name: string;
}

export interface SandboxIdpOptions {
  /** e.g. `http://localhost:3000/sandbox-bank`; the path is where `router` serves the provider. */
  issuer: string;
  clients: SandboxIdpClient[];
  /** The demo customers one can sign in as (the sandbox connector's `listCustomers()`). */
  customers: () => { id: string; name: string }[];
  bankName?: string;
  /** Access token lifetime; default 10 minutes. Refresh tokens last 90 days and rotate on every use. */
  accessTokenTtlSeconds?: number;
  /**
   * The bank's Open Banking consents: an authorization request with `openbanking_intent_id` shows
   * that consent's permissions, and the customer's decision authorises or rejects it. The intent id
   * is then a claim of the access tokens (returned by introspection).
   */
  openBanking?: ConsentIntents;
  /** Resource servers (e.g. the Open Banking API) that may introspect any access token. */
  resourceServers?: { clientId: string; clientSecret: string }[];
  logger?: Logger;
}

export interface SandboxIdp {
  issuer: string;
  /** Mount at the application root: it serves the issuer's path (e.g. `/sandbox-bank/*`). */
  router: Router;
  provider: Provider;
}

/** Read-only scopes the sandbox bank can grant, besides `openid` and `offline_access`. */
export const SANDBOX_BANK_SCOPES = Object.keys(SCOPE_TEXT);

type Ctx = { oidc: { client?: { grantTypeAllowed(type: string): boolean } } };

/** Consent for a customer already signed in (no login prompt): the customer cannot change. */
const signedInAs = (d: InteractionDetails) => (d.prompt.name === 'login' ? undefined : d.session?.accountId);

const ownToken = (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
  token.clientId === client.clientId;

/**
 * The sandbox bank's OpenID provider (oidc-provider 9): authorization code flow with PKCE (S256,
 * required for every client), refresh tokens that rotate on each use, RFC 7009 revocation and
 * RFC 7662 introspection. Its login and consent screen lets one pick a demo customer, allow or
 * decline, and choose whether to share transaction detail. Everything is kept in memory: it is a
 * development and test bank, not a production identity provider.
 */
export function createSandboxIdp(o: SandboxIdpOptions): SandboxIdp {
  const issuer = o.issuer.replace(/\/+$/, '');
  const mount = new URL(issuer).pathname.replace(/\/+$/, '');
  const bankName = o.bankName ?? 'Sandbox Bank';
  const known = (id: string) => o.customers().some((c) => c.id === id);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'ES256' };

  // Which Open Banking consent each grant authorised (in memory, like everything here).
  const intentOfGrant = new Map<string, string>();
  const resourceServers = new Set((o.resourceServers ?? []).map((r) => r.clientId));
  const provider = new Provider(issuer, {
    clients: [
      ...o.clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        client_name: c.name,
        redirect_uris: c.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      })),
      // Resource servers only introspect: no grant or response types, no redirect.
      ...(o.resourceServers ?? []).map((r) => ({
        client_id: r.clientId,
        client_secret: r.clientSecret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      })),
    ],
    extraParams: ['openbanking_intent_id'],
    extraTokenClaims: (_ctx: unknown, token: { grantId?: string }) => {
      const intent = token.grantId ? intentOfGrant.get(token.grantId) : undefined;
      return intent ? { openbanking_intent_id: intent } : undefined;
    },
    // Authorization code only (RFC 9700: no implicit or hybrid flows).
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access', ...SANDBOX_BANK_SCOPES],
    claims: { openid: ['sub'] },
    findAccount: (_ctx: unknown, sub: string) =>
      known(sub) ? { accountId: sub, claims: () => ({ sub }) } : undefined,
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `${mount}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      // A client may look up and revoke only the tokens issued to it.
      introspection: {
        enabled: true,
        allowedPolicy: (ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
          resourceServers.has(client.clientId) || ownToken(ctx, client, token),
      },
      revocation: { enabled: true, allowedPolicy: ownToken },
    },
    pkce: { required: () => true },
    // Refresh tokens for every client allowed the grant (no offline_access dance), rotated on each use.
    issueRefreshToken: (_ctx: Ctx, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    expiresWithSession: () => false,
    ttl: {
      AccessToken: o.accessTokenTtlSeconds ?? 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 90 * 86_400,
      RefreshToken: 90 * 86_400,
    },
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    renderError: (ctx: { type: string; body: string }, out: { error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(bankName, out.error_description ?? 'This request cannot be completed.');
    },
  });
  // Behind the app's reverse proxy (X-Forwarded-Proto/Host), as express's 'trust proxy' is.
  provider.proxy = true;
  provider.on('server_error', (_ctx, err) =>
    o.logger?.error({ code: 'TELLER_ERR_INTERNAL', err }, 'sandbox bank: provider error'),
  );

  const redirectOrigins = [
    ...new Set(o.clients.flatMap((c) => c.redirectUris.map((u) => new URL(u).origin))),
  ];
  const router = express.Router();
  const headers = (res: Response) =>
    res.set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      // form-action covers the redirects after the form: back to the bank, then to the client.
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${redirectOrigins.join(' ')}; frame-ancestors 'none'`,
    });
  const details = (req: Request, res: Response) =>
    provider.interactionDetails(req as IncomingMessage, res as ServerResponse);
  const clientName = (d: InteractionDetails) =>
    o.clients.find((c) => c.clientId === d.params.client_id)?.name ?? 'An app';
  const requested = (d: InteractionDetails) =>
    typeof d.params.scope === 'string' ? d.params.scope.split(' ').filter(Boolean) : [];
  const intentOf = (d: InteractionDetails) =>
    o.openBanking && typeof d.params.openbanking_intent_id === 'string'
      ? d.params.openbanking_intent_id
      : undefined;

  router.get(`${mount}/interaction/:uid`, async (req: Request, res: Response) => {
    headers(res);
    try {
      const d = await details(req, res);
      const signedIn = signedInAs(d);
      const intent = intentOf(d);
      const permissions = intent ? o.openBanking?.pending(intent) : undefined;
      if (intent && !permissions)
        return void res
          .status(400)
          .type('html')
          .send(errorPage(bankName, 'This consent is no longer waiting for you.'));
      res.type('html').send(
        consentPage({
          bankName,
          clientName: clientName(d),
          action: `${mount}/interaction/${d.uid}`,
          scopes: requested(d),
          customers: o.customers(),
          chosen: signedIn ?? o.customers()[0]?.id,
          fixed: signedIn !== undefined,
          ...(permissions ? { permissions } : {}),
        }),
      );
    } catch {
      res.status(400).type('html').send(errorPage(bankName, 'This sign-in has expired.'));
    }
  });

  router.post(
    `${mount}/interaction/:uid`,
    express.urlencoded({ extended: false, limit: '4kb' }),
    async (req: Request, res: Response) => {
      headers(res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      try {
        const d = await details(req, res);
        const raw = { req: req as IncomingMessage, res: res as ServerResponse };
        const intent = intentOf(d);
        if (intent && !o.openBanking?.pending(intent))
          return void res
            .status(400)
            .type('html')
            .send(errorPage(bankName, 'This consent is no longer waiting for you.'));
        if (body.decision !== 'approve') {
          if (intent) o.openBanking?.reject(intent);
          return await provider.interactionFinished(
            raw.req,
            raw.res,
            { error: 'access_denied', error_description: 'The customer declined' },
            { mergeWithLastSubmission: false },
          );
        }
        const customer = typeof body.customer === 'string' ? body.customer : '';
        const signedIn = signedInAs(d);
        if (!known(customer) || (signedIn !== undefined && signedIn !== customer))
          return void res.status(400).type('html').send(errorPage(bankName, 'Unknown customer.'));
        const grant = new provider.Grant({ accountId: customer, clientId: String(d.params.client_id) });
        const scopes = requested(d);
        const shareTransactions = body.share_transactions === 'yes';
        grant.addOIDCScope(
          scopes.filter((s) => s !== 'transactions' || shareTransactions).join(' ') || 'openid',
        );
        if (scopes.includes('transactions') && !shareTransactions) grant.rejectOIDCScope('transactions');
        const grantId = await grant.save();
        if (intent) {
          o.openBanking?.authorise(intent, customer);
          intentOfGrant.set(grantId, intent);
        }
        await provider.interactionFinished(
          raw.req,
          raw.res,
          { login: { accountId: customer }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
      } catch {
        if (!res.headersSent)
          res.status(400).type('html').send(errorPage(bankName, 'This sign-in has expired.'));
      }
    },
  );

  const callback = provider.callback();
  router.use(mount || '/', (req, res) => callback(req as IncomingMessage, res as ServerResponse));
  return { issuer, router, provider };
}
