import express, { type Request, type Response, type Router } from 'express';
import type { OAuthLinking } from '../linking/oauth-linking';
import type { PlaidLinking } from '../linking/plaid-linking';
import type { SandboxLinking } from '../linking/sandbox-linking';
import type { Logger } from '../logging/logger';
import { escapeHtml, page } from './html';
import { linkDonePage, linkSecurityHeaders, sendLinkError } from './link-common';
import { oauthLinkPages } from './oauth-link-pages';
import { plaidLinkPages } from './plaid-link-pages';

/**
 * The linking pages for the bot's linking: the bank's OAuth flow (`/link/start` → bank →
 * `/link/callback`), or the sandbox consent page.
 */
export function linkPages(linking: SandboxLinking | OAuthLinking | PlaidLinking, logger: Logger): Router {
  if (linking.kind === 'plaid') return plaidLinkPages(linking, logger);
  return linking.kind === 'oauth'
    ? oauthLinkPages(linking, logger, linking.publicUrl)
    : sandboxConsentPages(linking, logger);
}

/**
 * The sandbox bank's consent screen: GET /link/start?t=… shows what will be shared, POST
 * /link/consent approves or declines, then a plain "return to the chat" page. No JavaScript.
 */
function sandboxConsentPages(linking: SandboxLinking, logger: Logger): Router {
  const router = express.Router();
  router.use(linkSecurityHeaders);

  router.get('/link/start', async (req: Request, res: Response) => {
    const t = typeof req.query.t === 'string' ? req.query.t : '';
    try {
      const record = await linking.inspect(t);
      const chosen = linking.defaultCustomer({ channel: record.channel, userId: record.userId });
      const options = linking
        .customers()
        .map(
          (c) =>
            `<option value="${escapeHtml(c.id)}"${c.id === chosen ? ' selected' : ''}>${escapeHtml(c.name)}</option>`,
        )
        .join('');
      res.type('html').send(
        page(
          `${linking.connectorName}: share with Teller?`,
          `<h1>${escapeHtml(linking.connectorName)}</h1>
<div class="card"><p><strong>Teller</strong> (your bank's chat assistant) asks to:</p>
<ul><li>read your account list and balances</li><li>read your transactions</li></ul>
<p class="muted">Read-only: Teller can never move money. Nothing is shared with Messenger's owner beyond the
answers you ask for. You can undo this at any time by typing “unlink” in the chat.</p>
<form method="post" action="/link/consent">
<input type="hidden" name="t" value="${escapeHtml(t)}">
<label>Sign in as (sandbox demo customer): <select name="customer">${options}</select></label>
<p><button class="approve" type="submit" name="decision" value="approve">Allow read-only access</button>
<button class="decline" type="submit" name="decision" value="decline">Don't allow</button></p>
</form></div>`,
        ),
      );
    } catch (err) {
      sendLinkError(res, err, logger);
    }
  });

  router.post(
    '/link/consent',
    express.urlencoded({ extended: false, limit: '4kb' }),
    async (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const t = typeof body.t === 'string' ? body.t : '';
      const customer = typeof body.customer === 'string' ? body.customer : '';
      try {
        if (body.decision === 'approve') {
          await linking.approve(t, customer);
          res.redirect(303, '/link/done?result=approved');
        } else {
          await linking.decline(t);
          res.redirect(303, '/link/done?result=declined');
        }
      } catch (err) {
        sendLinkError(res, err, logger);
      }
    },
  );

  linkDonePage(router);
  return router;
}
