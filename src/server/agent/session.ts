import { randomBytes, timingSafeEqual } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { RedisClient } from '../../redis/connect';

declare module 'express-session' {
  interface SessionData {
    agentId?: string;
    csrf?: string;
  }
}

export const SESSION_COOKIE = 'teller_agent';

/**
 * connect-redis 9 speaks node-redis; this is the handful of calls it makes, on an ioredis client,
 * so the bot's one Redis client serves agent sessions too.
 */
function nodeRedisShape(r: RedisClient) {
  return {
    get: (k: string) => r.get(k),
    set: (k: string, v: string, o?: { expiration?: { type: 'EX'; value: number } }) =>
      o?.expiration ? r.set(k, v, 'EX', o.expiration.value) : r.set(k, v),
    expire: (k: string, s: number) => r.expire(k, s),
    del: (keys: string | string[]) => r.del(...(Array.isArray(keys) ? keys : [keys])),
    mGet: (keys: string[]) => r.mget(keys),
    scanIterator: (o: { MATCH: string; COUNT: number }) =>
      (async function* () {
        let cursor = '0';
        do {
          const [next, keys] = await r.scan(cursor, 'MATCH', o.MATCH, 'COUNT', o.COUNT);
          cursor = next;
          if (keys.length) yield keys;
        } while (cursor !== '0');
      })(),
  };
}

export interface AgentSessionOptions {
  /** Signs the session cookie; rotate by putting the new secret first. */
  secrets: string[];
  redis?: RedisClient;
  prefix: string;
  /** Cookies only over HTTPS (always in production). */
  secure: boolean;
  /** Idle sign-out; default 8 hours (a working shift). */
  maxAgeMs?: number;
}

/** Console sessions: in Redis when there is one (shared by every process), else in memory. */
export function agentSession(o: AgentSessionOptions): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: o.secrets,
    store: o.redis
      ? new RedisStore({ client: nodeRedisShape(o.redis), prefix: `${o.prefix}agent-session:` })
      : undefined,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    proxy: true,
    cookie: {
      httpOnly: true,
      secure: o.secure,
      sameSite: 'strict',
      path: '/agent',
      maxAge: o.maxAgeMs ?? 8 * 3600_000,
    },
  });
}

/** The session's CSRF token (synchronizer pattern), created on first use. */
export function csrfToken(req: Request): string {
  req.session.csrf ??= randomBytes(32).toString('base64url');
  return req.session.csrf;
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every state-changing request must carry the session's token: the `x-csrf-token` header (fetch)
 * or a `_csrf` form field. Cross-site pages can read neither.
 */
export function checkCsrf(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const body = (req.body ?? {}) as Record<string, unknown>;
  const sent = req.get('x-csrf-token') ?? (typeof body._csrf === 'string' ? body._csrf : undefined);
  if (!sameToken(sent, req.session.csrf)) {
    res.status(403).json({ error: 'TELLER_ERR_AGENT_CSRF', message: 'Reload the page and try again.' });
    return;
  }
  next();
}
