import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { PlaidLinking } from '../linking/plaid-linking';
import type { Logger } from '../logging/logger';
import { escapeHtml, page } from './html';
import { linkDonePage, linkSecurityHeaders, sendLinkError } from './link-common';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Plaid linking pages: GET /link/start?t=… creates a Plaid link token and shows the next step;
 * POST /link/plaid exchanges the public token (in Plaid's sandbox: "Continue with Plaid sandbox"
 * as a test user, `/sandbox/public_token/create`) or declines; then /link/done. Only the real
 * Plaid Link page runs a script (Plaid's own, and a nonce'd inline start).
 */
export function plaidLinkPages(linking: PlaidLinking, logger: Logger): Router {
  const router = express.Router();
  router.use('/link', linkSecurityHeaders);

  router.get('/link/start', async (req: Request, res: Response) => {
    const t = str(req.query.t);
    try {
      const start = await linking.begin(t);
      if (!start.sandbox) return void plaidLinkPage(res, linking.connectorName, t, start.linkToken);
      const users = start.sandbox.users
        .map(
          (u) =>
            `<option value="${escapeHtml(u.id)}"${u.id === start.sandbox!.chosen ? ' selected' : ''}>${escapeHtml(u.name)}</option>`,
        )
        .join('');
      res.type('html').send(
        page(
          `${linking.connectorName}: link through Plaid`,
          `<h1>${escapeHtml(linking.connectorName)}</h1>
<div class="card"><p><strong>Teller</strong> links to your bank through Plaid, read-only: your account list,
balances and transactions. It can never move money, and you can unlink at any time by typing “unlink”.</p>
<form method="post" action="/link/plaid">
<input type="hidden" name="t" value="${escapeHtml(t)}">
<label>Plaid sandbox user: <select name="user">${users}</select></label>
<p class="muted">Plaid sandbox: no bank login; Plaid's sandbox hands Teller a public token for this user.</p>
<p><button class="approve" type="submit" name="decision" value="approve">Continue with Plaid sandbox</button>
<button class="decline" type="submit" name="decision" value="decline">Don't link</button></p>
</form></div>`,
        ),
      );
    } catch (err) {
      sendLinkError(res, err, logger);
    }
  });

  router.post(
    '/link/plaid',
    express.urlencoded({ extended: false, limit: '4kb' }),
    async (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const t = str(body.t);
      try {
        if (body.decision !== 'approve') {
          await linking.decline(t);
          return res.redirect(303, '/link/done?result=declined');
        }
        // Plaid Link's onSuccess posts `public_token`; the sandbox step names a test user instead.
        if (typeof body.public_token === 'string') await linking.complete(t, body.public_token);
        else await linking.completeSandbox(t, str(body.user));
        res.redirect(303, '/link/done?result=approved');
      } catch (err) {
        sendLinkError(res, err, logger);
      }
    },
  );

  linkDonePage(router);
  return router;
}

/** Plaid's Link script, from Plaid's CDN only (https://plaid.com/docs/link/web/). */
const PLAID_LINK_JS = 'https://cdn.plaid.com/link/v2/stable/link-initialize.js';

/**
 * The real Plaid Link page: Plaid's script opens Link with the link token; onSuccess posts the
 * public token to /link/plaid, onExit declines. The CSP allows Plaid's script, frame and API only.
 */
function plaidLinkPage(res: Response, bankName: string, t: string, linkToken: string): void {
  const nonce = randomBytes(16).toString('base64');
  res.set(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      `script-src 'nonce-${nonce}' https://cdn.plaid.com`,
      'frame-src https://cdn.plaid.com',
      'connect-src https://*.plaid.com',
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  const token = JSON.stringify(linkToken).replace(/</g, '\\u003c');
  const hiddenT = `<input type="hidden" name="t" value="${escapeHtml(t)}">`;
  res.type('html').send(
    page(
      `${bankName}: link through Plaid`,
      `<h1>${escapeHtml(bankName)}</h1>
<div class="card"><p><strong>Teller</strong> links to your bank through Plaid, read-only. It can never move money.</p>
<p><button class="approve" type="button" id="plaid-open">Continue to your bank</button></p>
<form id="plaid-done" method="post" action="/link/plaid">${hiddenT}<input type="hidden" name="decision" value="approve"><input type="hidden" name="public_token" id="plaid-public-token"></form>
<form id="plaid-exit" method="post" action="/link/plaid">${hiddenT}<input type="hidden" name="decision" value="decline"></form>
</div>
<script nonce="${nonce}" src="${PLAID_LINK_JS}"></script>
<script nonce="${nonce}">
var link = Plaid.create({
  token: ${token},
  onSuccess: function (publicToken) {
    document.getElementById('plaid-public-token').value = publicToken;
    document.getElementById('plaid-done').submit();
  },
  onExit: function () { document.getElementById('plaid-exit').submit(); },
});
document.getElementById('plaid-open').addEventListener('click', function () { link.open(); });
</script>`,
    ),
  );
}
