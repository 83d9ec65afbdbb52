import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { RedisClient } from '../../redis/connect';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AgentRef, Handoff } from '../../handoff/handoff';
import type { Logger } from '../../logging/logger';
import { AgentDirectory, DEV_AGENT, type AgentAccount } from './agents';
import { consoleApi } from './api';
import { consolePage, loginPage } from './pages';
import { agentSession, checkCsrf, csrfToken } from './session';
import { conversationsView, queueView } from './views';

export interface AgentConsoleOptions {
  handoff: Handoff;
  /** Support staff allowed to sign in (see `agentsFromEnv`, TELLER_AGENTS). */
  agents: readonly AgentAccount[];
  /** Sessions and sign-in throttling live here when given (shared by every process). */
  redis?: RedisClient;
  /** Redis key prefix, e.g. `teller:demo-bank:`. */
  prefix: string;
  /** Secrets signing the session cookie (TELLER_AGENT_SESSION_SECRET); default: random per process. */
  sessionSecrets?: string[];
  /** Cookies only over HTTPS; default: when NODE_ENV is production. */
  secureCookies?: boolean;
  bankName: string;
  logger: Logger;
  /** Shows the demo agent's credentials on the sign-in page (development only). */
  showDevAgent?: boolean;
  /** Failed sign-ins allowed per agent id and address per 15 minutes; default 5. */
  maxSignInFailures?: number;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const asset = (name: string) => readFileSync(join(__dirname, 'public', name), 'utf8');

/**
 * The support-staff console at `/agent`: sign-in, the queue, live conversations. Mount with
 * `createApp(bot, { routers: [agentConsole({...})] })`.
 */
export function agentConsole(o: AgentConsoleOptions): Router {
  const h = o.handoff;
  const agents = new AgentDirectory(o.agents);
  const secure = o.secureCookies ?? process.env.NODE_ENV === 'production';
  const limiter: RateLimiterAbstract = o.redis
    ? new RateLimiterRedis({
        storeClient: o.redis,
        keyPrefix: `${o.prefix}agent-signin`,
        points: o.maxSignInFailures ?? 5,
        duration: 15 * 60,
      })
    : new RateLimiterMemory({ points: o.maxSignInFailures ?? 5, duration: 15 * 60 });
  const js = asset('console.js');
  const css = asset('console.css');

  const router = express.Router();
  router.use('/agent', (_req, res, next) => {
    res.set({
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    next();
  });
  router.get('/agent/console.js', (_req, res) => void res.type('text/javascript').send(js));
  router.get('/agent/console.css', (_req, res) => void res.type('text/css').send(css));
  router.use(
    '/agent',
    agentSession({
      secrets: o.sessionSecrets?.length ? o.sessionSecrets : [randomBytes(32).toString('base64url')],
      redis: o.redis,
      prefix: o.prefix,
      secure,
    }),
    express.urlencoded({ extended: false, limit: '4kb' }),
  );

  const devHint = o.showDevAgent
    ? `Development sign-in: ${DEV_AGENT.id} / ${DEV_AGENT.password} (set TELLER_AGENTS to replace it).`
    : undefined;
  const showLogin = (req: Request, res: Response, status = 200, error?: string) =>
    res
      .status(status)
      .type('html')
      .send(loginPage({ csrf: csrfToken(req), bankName: o.bankName, error, devHint }));

  router.get('/agent/login', (req, res) => void showLogin(req, res));
  router.post('/agent/login', checkCsrf, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const id = typeof body.id === 'string' ? body.id.trim().toLowerCase().slice(0, 40) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
    const throttleKey = `${id}|${req.ip ?? ''}`;
    const state = await limiter.get(throttleKey);
    if (state && state.remainingPoints <= 0)
      return void showLogin(req, res, 429, 'Too many failed attempts. Try again in 15 minutes.');
    const account = await agents.authenticate(id, password);
    if (!account) {
      await limiter.penalty(throttleKey, 1);
      o.logger.warn({ code: 'TELLER_ERR_AGENT_AUTH' }, 'agent sign-in failed');
      return void showLogin(req, res, 401, 'Wrong agent id or password.');
    }
    await limiter.delete(throttleKey);
    // A fresh session id at sign-in: a session fixed before sign-in is worthless afterwards.
    req.session.regenerate((err) => {
      if (err) return void res.status(500).end();
      req.session.agentId = account.id;
      csrfToken(req);
      o.logger.info({ agent: account.id }, 'agent signed in');
      req.session.save(() => res.redirect(303, '/agent'));
    });
  });
  router.post('/agent/logout', checkCsrf, (req, res) => {
    req.session.destroy(() => res.redirect(303, '/agent/login'));
  });

  const requireAgent = (req: Request & { agent?: AgentRef }, res: Response, next: NextFunction) => {
    const account = req.session.agentId ? agents.get(req.session.agentId) : undefined;
    if (!account) {
      if (req.path.startsWith('/api/') || req.path === '/api')
        return void res.status(401).json({ error: 'TELLER_ERR_AGENT_AUTH', message: 'Sign in again' });
      return void res.redirect(303, '/agent/login');
    }
    req.agent = { id: account.id, name: account.name };
    next();
  };
  router.use('/agent', requireAgent, checkCsrf);
  router.get('/agent', async (req: Request & { agent?: AgentRef }, res) => {
    const [queue, conversations] = await Promise.all([queueView(h), conversationsView(h, agents)]);
    res.type('html').send(
      consolePage({
        csrf: csrfToken(req),
        agent: req.agent!,
        bankName: o.bankName,
        queue,
        conversations,
        canned: h.settings.cannedReplies,
      }),
    );
  });
  router.use('/agent/api', consoleApi({ handoff: h, agents, logger: o.logger }));
  return router;
}

export { agentsFromEnv, AgentDirectory, AGENTS_SETTING, DEV_AGENT, type AgentAccount } from './agents';
export { hashPassword, verifyPassword, isPasswordHash } from './password';
export { agentConsoleFromEnv, SESSION_SECRET_SETTING } from './env';
