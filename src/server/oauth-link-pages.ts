import express, { type Request, type Response, type Router } from 'express';
import type { OAuthLinking } from '../linking/oauth-linking';
import type { Logger } from '../logging/logger';
import { linkDonePage, linkSecurityHeaders, sendLinkError } from './link-common';

/** The cookie binding a link to the browser that started it: an opaque random id, nothing else. */
export const BROWSER_COOKIE = 'teller_link';

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * OAuth linking pages: GET /link/start?t=… redirects to the bank (state, nonce and PKCE verifier
 * stay server-side; the browser only gets an HttpOnly binding cookie), GET /link/callback
 * completes it, then /link/done (or back to Messenger's redirect_uri).
 */
export function oauthLinkPages(linking: OAuthLinking, logger: Logger, publicUrl: string): Router {
  const router = express.Router();
  const secure = publicUrl.startsWith('https:');
  router.use('/link', linkSecurityHeaders);

  router.get('/link/start', async (req: Request, res: Response) => {
    try {
      const { url, browserId } = await linking.begin(str(req.query.t) ?? '', cookie(req, BROWSER_COOKIE), {
        accountLinkingToken: str(req.query.account_linking_token),
        redirectUri: str(req.query.redirect_uri),
      });
      res.cookie(BROWSER_COOKIE, browserId, {
        httpOnly: true,
        secure,
        sameSite: 'lax',
        path: '/link',
        maxAge: 10 * 60_000,
      });
      res.redirect(303, url);
    } catch (err) {
      sendLinkError(res, err, logger);
    }
  });

  router.get('/link/callback', async (req: Request, res: Response) => {
    const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1 || req.url.length));
    try {
      const result = await linking.complete(query, cookie(req, BROWSER_COOKIE));
      res.redirect(
        303,
        result.redirect ?? `/link/done?result=${result.outcome === 'linked' ? 'approved' : 'declined'}`,
      );
    } catch (err) {
      sendLinkError(res, err, logger);
    }
  });

  linkDonePage(router);
  return router;
}
