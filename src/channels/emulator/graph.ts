import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../../logging/logger';
import type { EventHub } from './hub';
import { appSecretProof, GRAPH_ERRORS, newMid, paramError, safeEqual, sendGraphError } from './meta';
import { checkSendBody } from './validate';

export interface FakeGraphOptions {
  appSecret: string;
  pageToken: string;
  pageId: string;
  pageName: string;
  hub: EventHub;
  /** The page's Messenger profile (get_started, greeting, persistent_menu…), shared with the page. */
  profile: Map<string, unknown>;
  /** Rewrites a message before the page gets it (Messenger's account-link URL parameters). */
  decorate?: (psid: string, message: Obj) => Obj;
  logger: Logger;
}

const PROFILE_FIELDS = new Set([
  'get_started',
  'greeting',
  'persistent_menu',
  'ice_breakers',
  'whitelisted_domains',
  'account_linking_url',
]);

type Obj = Record<string, unknown>;

/**
 * The part of Meta's Graph API a Messenger bot calls, on loopback: `POST /me/messages` (messages
 * and sender actions) and `/me/messenger_profile`. Tokens and `appsecret_proof` are checked like
 * Meta checks them; accepted messages go to the recipient's browser tab through the event hub.
 * Paths may carry a version (`/v21.0/me/messages`) or the page id instead of `me`.
 */
export function fakeGraphRouter(o: FakeGraphOptions): Router {
  const router = express.Router();
  router.use((req, _res, next) => {
    req.url = req.url.replace(/^\/v\d+\.\d+(?=\/)/, '').replace(new RegExp(`^/${o.pageId}(?=[/?]|$)`), '/me');
    next();
  });
  router.use(express.json({ limit: '1mb' }), express.urlencoded({ extended: false, limit: '1mb' }));
  router.use(parseFormJson);
  router.use((req, res, next) => authenticate(o, req, res, next));

  router.get('/me', (_req, res) => {
    res.json({ id: o.pageId, name: o.pageName });
  });

  router.post('/me/messages', (req, res) => {
    const check = checkSendBody(req.body);
    if (!check.ok) {
      o.logger.warn(
        { code: check.error.code, reason: check.error.message },
        'emulator: Send API call refused',
      );
      return sendGraphError(res, check.error);
    }
    if (!o.hub.knows(check.psid)) return sendGraphError(res, GRAPH_ERRORS.noUser);
    if (check.warnings.length)
      // Counts only: titles are bot output and may carry account details; the page shows them.
      o.logger.warn({ warnings: check.warnings.length }, 'emulator: Messenger would cut text');
    if (check.kind === 'action') {
      if (check.action === 'typing_on' || check.action === 'typing_off')
        o.hub.publish(check.psid, { type: 'typing', on: check.action === 'typing_on' });
      return res.json({ recipient_id: check.psid });
    }
    const mid = newMid();
    const message = o.decorate ? o.decorate(check.psid, check.message) : check.message;
    o.hub.publish(check.psid, {
      type: 'message',
      mid,
      message,
      ...(check.warnings.length ? { warnings: check.warnings } : {}),
    });
    res.json({ recipient_id: check.psid, message_id: mid });
  });

  router.get('/me/messenger_profile', (req, res) => {
    const fields = typeof req.query.fields === 'string' ? req.query.fields.split(',') : [];
    if (fields.length === 0) return sendGraphError(res, paramError('The parameter fields is required'));
    const data: Obj = {};
    for (const f of fields) if (o.profile.has(f.trim())) data[f.trim()] = o.profile.get(f.trim());
    res.json({ data: Object.keys(data).length ? [data] : [] });
  });

  router.post('/me/messenger_profile', (req, res) => {
    const body = (req.body ?? {}) as Obj;
    const unknown = Object.keys(body).filter((k) => !PROFILE_FIELDS.has(k) && !isAuthParam(k));
    if (unknown.length) return sendGraphError(res, paramError(`Invalid keys "${unknown.join(', ')}"`));
    for (const [k, v] of Object.entries(body)) if (PROFILE_FIELDS.has(k)) o.profile.set(k, v);
    res.json({ result: 'success' });
  });

  router.delete('/me/messenger_profile', (req, res) => {
    const fields = ((req.body ?? {}) as Obj).fields;
    if (!Array.isArray(fields)) return sendGraphError(res, paramError('The parameter fields is required'));
    for (const f of fields) o.profile.delete(String(f));
    res.json({ result: 'success' });
  });

  router.use((req, res) => {
    sendGraphError(res, {
      message: `Unknown path components: ${req.path}`,
      type: 'OAuthException',
      code: 2500,
    });
  });
  return router;
}

const isAuthParam = (k: string) => k === 'access_token' || k === 'appsecret_proof';

/** Meta also accepts form posts whose fields are JSON strings (`recipient={"id":"…"}`). */
function parseFormJson(req: Request, _res: Response, next: NextFunction): void {
  if (req.is('application/x-www-form-urlencoded') && req.body && typeof req.body === 'object') {
    const body = req.body as Obj;
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string' && /^[[{]/.test(v)) {
        try {
          body[k] = JSON.parse(v);
        } catch {
          // leave it as text: validation reports it
        }
      }
    }
  }
  next();
}

function authenticate(o: FakeGraphOptions, req: Request, res: Response, next: NextFunction): void {
  const body = (req.body ?? {}) as Obj;
  const bearer = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  const token = String(req.query.access_token ?? body.access_token ?? bearer ?? '');
  const proof = String(req.query.appsecret_proof ?? body.appsecret_proof ?? '');
  if (!token) return sendGraphError(res, GRAPH_ERRORS.noToken);
  if (!safeEqual(token, o.pageToken)) {
    o.logger.warn({ code: 190 }, 'emulator: Graph call with a wrong page access token');
    return sendGraphError(res, GRAPH_ERRORS.badToken);
  }
  if (!proof) return sendGraphError(res, GRAPH_ERRORS.noProof);
  if (!safeEqual(proof, appSecretProof(o.appSecret, token))) {
    o.logger.warn({ code: 100 }, 'emulator: Graph call with a wrong appsecret_proof');
    return sendGraphError(res, GRAPH_ERRORS.badProof);
  }
  next();
}
