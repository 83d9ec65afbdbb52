import type { Router } from 'express';
import type { RedisClient } from '../../redis/connect';
import type { Handoff } from '../../handoff/handoff';
import { HandoffError } from '../../handoff/errors';
import type { Logger } from '../../logging/logger';
import { agentsFromEnv, AGENTS_SETTING } from './agents';
import { agentConsole } from './index';

/** Secrets that sign console session cookies, comma-separated (newest first, for rotation). */
export const SESSION_SECRET_SETTING = 'TELLER_AGENT_SESSION_SECRET';

/**
 * The console as a deployment configures it: staff from TELLER_AGENTS, cookie secrets from
 * TELLER_AGENT_SESSION_SECRET (both required in production), secure cookies behind HTTPS.
 */
export async function agentConsoleFromEnv(o: {
  env: NodeJS.ProcessEnv;
  handoff: Handoff;
  redis?: RedisClient;
  prefix: string;
  publicUrl: string;
  bankName: string;
  logger: Logger;
}): Promise<Router> {
  const production = o.env.NODE_ENV === 'production';
  const secrets = (o.env[SESSION_SECRET_SETTING] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (production && !secrets.length)
    throw new HandoffError('TELLER_ERR_AGENT_CONFIG', `${SESSION_SECRET_SETTING} must be set in production`);
  if (secrets.some((s) => s.length < 32))
    throw new HandoffError(
      'TELLER_ERR_AGENT_CONFIG',
      `${SESSION_SECRET_SETTING}: use at least 32 characters`,
    );
  const agents = await agentsFromEnv(o.env);
  const devAgent = !production && !o.env[AGENTS_SETTING]?.trim();
  if (devAgent)
    o.logger.warn(
      { code: 'TELLER_ERR_AGENT_CONFIG' },
      'agent console: demo sign-in enabled (development only)',
    );
  return agentConsole({
    handoff: o.handoff,
    agents,
    redis: o.redis,
    prefix: o.prefix,
    sessionSecrets: secrets,
    secureCookies: production || o.publicUrl.startsWith('https:'),
    bankName: o.bankName,
    logger: o.logger,
    showDevAgent: devAgent,
  });
}
