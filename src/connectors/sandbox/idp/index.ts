import { randomBytes } from 'node:crypto';
import type { BotOAuthOptions } from '../../../linking/bot-linking';
import type { Logger } from '../../../logging/logger';
import { createSandboxIdp, type SandboxIdp, type SandboxIdpOptions } from './provider';

export {
  createSandboxIdp,
  SANDBOX_BANK_SCOPES,
  type SandboxIdp,
  type SandboxIdpClient,
  type SandboxIdpOptions,
} from './provider';

/** Where the demo mounts the sandbox bank's OpenID provider on its own server. */
export const SANDBOX_IDP_PATH = '/sandbox-bank';

export interface SandboxBankOAuthOptions {
  /** The app's public URL (no trailing slash): the IdP is served at `${publicUrl}/sandbox-bank`. */
  publicUrl: string;
  customers: () => { id: string; name: string }[];
  accessTokenTtlSeconds?: number;
  /** The bank's Open Banking consents (`OpenBankingServer.intents()`), authorised on its consent screen. */
  openBanking?: SandboxIdpOptions['openBanking'];
  /** Resource servers that may introspect any token (the Open Banking API). */
  resourceServers?: SandboxIdpOptions['resourceServers'];
  logger?: Logger;
}

/**
 * The sandbox bank's OpenID provider, mounted in-process, and the matching `oauth` option for
 * createBot: a fresh client secret per process, the exact redirect URI `${publicUrl}/link/callback`.
 * Mount `idp.router` with createApp's `routers`.
 */
export function sandboxBankOAuth(o: SandboxBankOAuthOptions): { idp: SandboxIdp; oauth: BotOAuthOptions } {
  const publicUrl = o.publicUrl.replace(/\/+$/, '');
  const redirectUri = `${publicUrl}/link/callback`;
  const clientId = 'teller';
  const clientSecret = randomBytes(32).toString('base64url');
  const idp = createSandboxIdp({
    issuer: `${publicUrl}${SANDBOX_IDP_PATH}`,
    clients: [{ clientId, clientSecret, redirectUris: [redirectUri], name: 'Teller' }],
    customers: o.customers,
    accessTokenTtlSeconds: o.accessTokenTtlSeconds,
    openBanking: o.openBanking,
    resourceServers: o.resourceServers,
    logger: o.logger,
  });
  const { protocol } = new URL(publicUrl);
  return {
    idp,
    oauth: {
      client: {
        issuer: idp.issuer,
        clientId,
        clientSecret,
        redirectUri,
        // The sandbox is a development bank: plain http is allowed when the app itself runs on it.
        allowInsecureRequests: protocol === 'http:',
      },
    },
  };
}
