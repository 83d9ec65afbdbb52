import { createHash } from 'node:crypto';
import express, { type Response, type Router } from 'express';
import { errorCode } from '../engine/errors';
import { calmMessage } from '../engine/messages';
import type { Logger } from '../logging/logger';
import { SECURE_VIEW_PATH, type SecureViews } from '../privacy/secure-views';
import { page } from './html';
import { repliesToHtml } from './secure-view-html';

/**
 * The secure-view page, `/secure/<token>`:
 * - GET shows a "Show my answer" button (a plain form, no JavaScript) and uses nothing up, so a
 *   link-preview crawler or a prefetch cannot burn the link or see any figure;
 * - POST uses the link up, asks the bank right then with the customer's grant, and shows the answer.
 * A used, expired or unknown link is refused (410). Every response is `no-store`, framed by nobody,
 * sends no referrer and runs under a CSP that allows no script at all.
 */
export function secureViewPages(views: SecureViews, logger: Logger): Router {
  const router = express.Router();
  const path = `${SECURE_VIEW_PATH}/:token`;

  router.get(path, async (req, res) => {
    const token = String(req.params.token);
    if (!(await views.isOpen(token))) return refused(res, 'gone');
    send(
      res,
      200,
      page(
        'Your answer',
        `<h1>Your answer is ready</h1>
<div class="card"><p>This page shows your figures once. Make sure nobody is looking over your shoulder.</p>
<form method="post" action=""><button class="approve" type="submit">Show my answer</button></form></div>
<p class="muted">Nothing is fetched from your bank until you press the button, and nothing is kept afterwards.</p>`,
      ),
    );
  });

  router.post(path, async (req, res) => {
    try {
      const outcome = await views.open(String(req.params.token));
      if (outcome.kind === 'refused') {
        logger.info({ reason: outcome.reason }, 'secure view refused');
        return refused(res, outcome.reason);
      }
      logger.info({ intent: outcome.intent }, 'secure view shown');
      send(
        res,
        200,
        page(
          'Your answer',
          `<h1>Your answer</h1>
${repliesToHtml(outcome.replies)}
<p class="muted">This page was made for you just now and is not stored anywhere. Close it when you are done: the link will not open again.</p>`,
        ),
      );
    } catch (err) {
      const code = errorCode(err);
      logger.error({ code, err }, 'secure view failed');
      send(res, 502, page('Not available', `<h1>Not available</h1><p>${calmMessage(code)}</p>`));
    }
  });
  return router;
}

const REFUSALS = {
  gone: 'This link has expired or was already used. Each link opens once, within 5 minutes. Ask me again in the chat for a new one.',
  unlinked: 'Your bank account is no longer linked, so there is nothing to show. Link it again in the chat.',
  reconfirm: 'Please confirm in the chat that you want to keep sharing your bank data, then ask again.',
} as const;

function refused(res: Response, reason: keyof typeof REFUSALS): void {
  send(res, 410, page('Link not available', `<h1>Link not available</h1><p>${REFUSALS[reason]}</p>`));
}

/** Sends a page with the headers every secure-view response carries. */
function send(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'cache-control': 'no-store, max-age=0',
      pragma: 'no-cache',
      'content-security-policy': csp(html),
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'x-robots-tag': 'noindex, nofollow',
    })
    .type('html')
    .send(html);
}

/** No script, no remote anything; the page's one inline style block allowed by its hash. */
function csp(html: string): string {
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `style-src ${styles.length ? styles.join(' ') : "'none'"}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}
