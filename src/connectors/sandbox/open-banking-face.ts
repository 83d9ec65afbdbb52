import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import type { BotOAuthOptions } from '../../linking/bot-linking';
import type { Logger } from '../../logging/logger';
import { OpenBankingConnector, openBankingLinking, type OpenBankingLinkingOptions } from '../openbanking';
import { AIS_BASE_PATH } from '../openbanking/schema';
import { introspectionResolver, OpenBankingServer } from '../openbanking/server';
import type { SandboxBank } from './bank';
import { withSandboxDirectory, type SandboxDirected } from './directory';
import { sandboxBankOAuth, SANDBOX_IDP_PATH, type SandboxIdp } from './idp';

export interface SandboxOpenBankingOptions {
  bank: SandboxBank;
  /** The app's public URL (no trailing slash): IdP at `/sandbox-bank`, AIS API under it. */
  publicUrl: string;
  /** Where Teller itself reaches the AIS API (default `publicUrl`), e.g. `http://127.0.0.1:3000`. */
  internalUrl?: string;
  linking?: OpenBankingLinkingOptions;
  accessTokenTtlSeconds?: number;
  logger?: Logger;
  now?: () => Date;
}

/** The Open Banking connector with the sandbox bank's demo identities, ATMs and places. */
export type SandboxOpenBankingConnector = SandboxDirected;

export interface SandboxOpenBanking {
  /** The sandbox bank's UK Open Banking AIS v3.1.11 API, served at `${publicUrl}/sandbox-bank/open-banking/v3.1/aisp`. */
  server: OpenBankingServer;
  /** Reads over HTTP from `server`; ATMs and place names are the sandbox bank's own directory. */
  connector: SandboxOpenBankingConnector;
  idp: SandboxIdp;
  /** createBot's `oauth`: the IdP's client, the consent hooks and scope handling. */
  oauth: BotOAuthOptions;
  /** Mount with createApp's `routers`, in this order (the API before the IdP's catch-all). */
  routers: Router[];
  /** Base URL of the AIS API as customers' tokens are sent to it. */
  baseUrl: string;
}

/**
 * The sandbox bank's HTTP face: its OpenID provider and its Open Banking AIS API on the app's own
 * server, wired so that linking creates an account-access-consent, the customer authorises it on
 * the bank's consent screen, and the API accepts the IdP's access tokens by RFC 7662 introspection.
 */
export function sandboxOpenBanking(o: SandboxOpenBankingOptions): SandboxOpenBanking {
  const publicUrl = o.publicUrl.replace(/\/+$/, '');
  const internalUrl = (o.internalUrl ?? publicUrl).replace(/\/+$/, '');
  const clientToken = randomBytes(32).toString('base64url');
  const resourceServer = {
    clientId: 'sandbox-bank-open-banking',
    clientSecret: randomBytes(32).toString('base64url'),
  };
  const issuer = `${publicUrl}${SANDBOX_IDP_PATH}`;
  const server = new OpenBankingServer({
    bank: o.bank,
    clientToken,
    resolveToken: introspectionResolver({
      issuer,
      ...resourceServer,
      allowInsecureRequests: issuer.startsWith('http:'),
    }),
    now: o.now,
  });
  const { idp, oauth } = sandboxBankOAuth({
    publicUrl,
    customers: () => o.bank.listCustomers(),
    accessTokenTtlSeconds: o.accessTokenTtlSeconds,
    openBanking: server.intents(),
    resourceServers: [resourceServer],
    logger: o.logger,
  });
  const baseUrl = `${internalUrl}${SANDBOX_IDP_PATH}${AIS_BASE_PATH}`;
  const ob = new OpenBankingConnector({
    displayName: 'Sandbox Bank',
    baseUrl,
    financialId: server.financialId,
    clientToken: async () => clientToken,
    timezone: o.bank.timezone,
    now: o.now,
  });
  const connector = withSandboxDirectory(ob, o.bank);
  const api = express.Router();
  api.use(SANDBOX_IDP_PATH, server.app);
  return {
    server,
    connector,
    idp,
    oauth: { ...oauth, ...openBankingLinking(ob, o.linking) },
    routers: [api, idp.router],
    baseUrl,
  };
}
