import express, { type Request, type Response, type Router } from 'express';
import type { OAuthLinking } from '../linking/oauth-linking';
import type { Logger } from '../logging/logger';
import { escapeHtml, page } from './html';
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
      // A connector's opt-ins (e.g. Open Banking transaction detail) are chosen here first, unticked.
      if (linking.choices.length > 0 && req.query.go !== '1') {
        await linking.inspect(str(req.query.t) ?? '');
        return void res.type('html').send(choicePage(linking, req.query));
      }
      const chosen = [req.query.choice].flat().filter((c): c is string => typeof c === 'string');
      const messenger = {
        accountLinkingToken: str(req.query.account_linking_token),
        redirectUri: str(req.query.redirect_uri),
      };
      const { url, browserId } = await linking.begin(
        str(req.query.t) ?? '',
        cookie(req, BROWSER_COOKIE),
        messenger,
        chosen,
      );
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

/**
 * What Teller will ask the bank for, with the connector's opt-ins unticked; "Continue to your bank"
 * comes back to /link/start with `go=1` (the link token is only used up then). No JavaScript.
 */
function choicePage(linking: OAuthLinking, query: Request['query']): string {
  const hidden = ['t', 'account_linking_token', 'redirect_uri']
    .flatMap((name) => {
      const value = str(query[name]);
      return value === undefined ? [] : [`<input type="hidden" name="${name}" value="${escapeHtml(value)}">`];
    })
    .join('');
  const boxes = linking.choices
    .map(
      (c) =>
        `<p><label><input type="checkbox" name="choice" value="${escapeHtml(c.name)}"> ${escapeHtml(c.label)}</label></p>`,
    )
    .join('');
  return page(
    `Link ${linking.connectorName}`,
    `<h1>Link ${escapeHtml(linking.connectorName)}</h1>
<div class="card"><p>Teller will ask your bank for read-only access to your accounts: it can never move
money. You choose whether to share more:</p>
<form method="get" action="/link/start">${hidden}<input type="hidden" name="go" value="1">
${boxes}
<p class="muted">You confirm at your bank next, and can unlink at any time by typing “unlink” in the chat.</p>
<p><button class="approve" type="submit">Continue to your bank</button></p>
</form></div>`,
  );
}
