import express, { type Request, type Response, type Router } from 'express';
import { errorCode } from '../engine/errors';
import type { Logger } from '../logging/logger';
import type { SandboxLinking } from '../linking/sandbox-linking';
import { escapeHtml, page } from './html';

/**
 * The sandbox bank's consent screen: GET /link/start?t=… shows what will be shared, POST
 * /link/consent approves or declines, then a plain "return to the chat" page. No JavaScript.
 */
export function linkPages(linking: SandboxLinking, logger: Logger): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    // The URL carries a single-use token: keep it out of caches and Referer headers.
    res.set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
    });
    next();
  });

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

  router.get('/link/done', (req: Request, res: Response) => {
    const approved = req.query.result === 'approved';
    res
      .type('html')
      .send(
        page(
          approved ? 'Linked' : 'Not linked',
          approved
            ? '<h1>You’re linked</h1><p>Return to the chat: your question is being answered there.</p><p class="muted">Type “unlink” in the chat at any time to undo this.</p>'
            : '<h1>Nothing was shared</h1><p>You declined, so Teller has no access to your accounts. You can close this window.</p>',
        ),
      );
  });
  return router;
}

function sendLinkError(res: Response, err: unknown, logger: Logger): void {
  const code = errorCode(err);
  logger.warn({ code }, 'link page refused');
  const expired = code === 'TELLER_ERR_LINK_TOKEN';
  res
    .status(expired ? 410 : 400)
    .type('html')
    .send(
      page(
        'Link not valid',
        `<h1>This link can’t be used</h1><p>${
          expired
            ? 'It has expired or was already used. Links work once, for 10 minutes.'
            : 'Something about this request was not right.'
        } Go back to the chat and ask again to get a fresh link.</p><p class="muted">Code: ${escapeHtml(code)}</p>`,
      ),
    );
}
