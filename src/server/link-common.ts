import type { NextFunction, Request, Response, Router } from 'express';
import { errorCode } from '../engine/errors';
import type { Logger } from '../logging/logger';
import { escapeHtml, page } from './html';

/** Link URLs carry single-use values: keep them out of caches and Referer headers, no scripts. */
export function linkSecurityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
  next();
}

/** GET /link/done?result=approved|declined: the plain "return to the chat" page. */
export function linkDonePage(router: Router): void {
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
}

const EXPLAIN: Partial<Record<string, string>> = {
  TELLER_ERR_LINK_TOKEN: 'It has expired or was already used. Links work once, for 10 minutes.',
  TELLER_ERR_LINK_STATE:
    'It did not match a link started in this browser, or it was already used. Nothing was shared.',
  TELLER_ERR_LINK_EXCHANGE: 'Your bank could not confirm it. Nothing was shared or stored.',
  TELLER_ERR_CONNECTOR_UNAVAILABLE: 'Your bank is not answering right now. Nothing was shared.',
};

/** A calm error page with the stable code; the chat is told separately where we know the user. */
export function sendLinkError(res: Response, err: unknown, logger: Logger): void {
  const code = errorCode(err);
  logger.warn({ code }, 'link page refused');
  const gone = code === 'TELLER_ERR_LINK_TOKEN' || code === 'TELLER_ERR_LINK_STATE';
  res
    .status(gone ? 410 : code === 'TELLER_ERR_CONNECTOR_UNAVAILABLE' ? 502 : 400)
    .type('html')
    .send(
      page(
        'Link not valid',
        `<h1>This link can’t be used</h1><p>${
          EXPLAIN[code] ?? 'Something about this request was not right.'
        } Go back to the chat and ask again to get a fresh link.</p><p class="muted">Code: ${escapeHtml(code)}</p>`,
      ),
    );
}
