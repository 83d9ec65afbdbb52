import { z } from 'zod';
import { HandoffError } from '../../handoff/errors';
import { hashPassword, isPasswordHash, verifyPassword } from './password';

/** A member of support staff who may sign in to the console. */
export interface AgentAccount {
  id: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (see `npx teller agent hash-password`). */
  passwordHash: string;
}

/** The environment variable holding the staff list (JSON). */
export const AGENTS_SETTING = 'TELLER_AGENTS';

/** Development only: the demo agent and password when TELLER_AGENTS is not set. */
export const DEV_AGENT = { id: 'demo', name: 'Demo Agent', password: 'teller-demo' } as const;

const schema = z
  .array(
    z.object({
      id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'ids are lower-case letters, digits, . _ -'),
      name: z.string().trim().min(1).max(60),
      password: z.string().refine(isPasswordHash, 'must be a scrypt$N$r$p$salt$hash value'),
    }),
  )
  .min(1);

/**
 * Reads `TELLER_AGENTS`: `[{"id":"alice","name":"Alice","password":"scrypt$…"}]`. Outside
 * production, an unset value gives the documented demo agent (`demo` / `teller-demo`); in
 * production it must be set.
 */
export async function agentsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<AgentAccount[]> {
  const raw = env[AGENTS_SETTING]?.trim();
  if (!raw) {
    if (env.NODE_ENV === 'production')
      throw new HandoffError('TELLER_ERR_AGENT_CONFIG', `${AGENTS_SETTING} must be set in production`);
    return [{ id: DEV_AGENT.id, name: DEV_AGENT.name, passwordHash: await hashPassword(DEV_AGENT.password) }];
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new HandoffError('TELLER_ERR_AGENT_CONFIG', `${AGENTS_SETTING} is not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HandoffError(
      'TELLER_ERR_AGENT_CONFIG',
      `Invalid ${AGENTS_SETTING}[${issue?.path.join('.') ?? ''}]: ${issue?.message ?? 'invalid'}`,
    );
  }
  const ids = new Set<string>();
  for (const a of parsed.data) {
    if (ids.has(a.id)) throw new HandoffError('TELLER_ERR_AGENT_CONFIG', `Agent id "${a.id}" appears twice`);
    ids.add(a.id);
  }
  return parsed.data.map((a) => ({ id: a.id, name: a.name, passwordHash: a.password }));
}

/** The staff list: sign-in checks run the same work whether or not the id exists. */
export class AgentDirectory {
  private readonly byId: Map<string, AgentAccount>;
  private decoy: Promise<string> | undefined;

  constructor(accounts: readonly AgentAccount[]) {
    this.byId = new Map(accounts.map((a) => [a.id, a]));
  }

  get(id: string): AgentAccount | undefined {
    return this.byId.get(id);
  }

  async authenticate(id: string, password: string): Promise<AgentAccount | undefined> {
    const account = this.byId.get(id);
    // An unknown id still costs one scrypt, so timing does not tell which ids exist.
    this.decoy ??= hashPassword('decoy');
    const ok = await verifyPassword(password, account?.passwordHash ?? (await this.decoy));
    return ok && account ? account : undefined;
  }
}
