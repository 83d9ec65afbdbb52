import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { TellerError } from '../../engine/errors';

/** HTTP Basic credentials, or a shared secret in a header (Dialogflow's "headers" option). */
export type WebhookAuth =
  | { basic: { username: string; password: string }; header?: undefined }
  | { header: { name: string; value: string }; basic?: undefined };

/** Constant-time equality that also hides the length: both sides are hashed first. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

function checkBasic(header: string | undefined, username: string, password: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both compared every time, so timing says nothing about which half was wrong.
  const userOk = safeEqual(decoded.slice(0, colon), username);
  const passOk = safeEqual(decoded.slice(colon + 1), password);
  return userOk && passOk;
}

/** Rejects requests without the configured credentials with 401 (and a Basic challenge). */
export function webhookAuth(auth: WebhookAuth, realm = 'teller-dialogflow'): RequestHandler {
  if (auth.basic) {
    const { username, password } = auth.basic;
    if (!username || !password || username.includes(':'))
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        'Dialogflow webhook: basic auth needs a username (no ":") and password',
      );
    return (req, res, next) => {
      if (checkBasic(req.get('authorization'), username, password)) return next();
      res.set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
      res.status(401).json({ error: 'unauthorized' });
    };
  }
  const { name, value } = auth.header ?? { name: '', value: '' };
  if (!/^[A-Za-z0-9-]+$/.test(name) || value.length < 16)
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      'Dialogflow webhook: header auth needs a header name and a secret of 16+ characters',
    );
  return (req, res, next) => {
    const got = req.get(name);
    if (got !== undefined && safeEqual(got, value)) return next();
    res.status(401).json({ error: 'unauthorized' });
  };
}
