import type { Server } from 'node:http';
import type Redis from 'ioredis';
import { createMessengerChannel, type MessengerChannel } from '../../src/channels/messenger';
import { agentConsole, hashPassword, type AgentAccount } from '../../src/server/agent';
import { createApp } from '../../src/server/app';
import { closeServer, listen } from '../../src/server/listen';
import type { FakeGraph } from '../channels/messenger/fake-graph';
import { testConfig } from '../channels/messenger/helpers';
import { uniquePrefix } from '../support/redis';
import { makeHandoffBot, type HandoffBot } from './helpers';

export const PASSWORDS = { alice: 'correct horse battery', bob: 'staple tuna 42' } as const;

let accounts: Promise<AgentAccount[]> | undefined;
/** Two members of staff, hashed once per test file. */
export function testAgents(): Promise<AgentAccount[]> {
  accounts ??= Promise.all([
    hashPassword(PASSWORDS.alice).then((h) => ({ id: 'alice', name: 'Alice', passwordHash: h })),
    hashPassword(PASSWORDS.bob).then((h) => ({ id: 'bob', name: 'Bob', passwordHash: h })),
  ]);
  return accounts;
}

export interface ConsoleRig {
  t: HandoffBot;
  channel: MessengerChannel;
  base: string;
  prefix: string;
  close(): Promise<void>;
}

/** The bot with handoff, the Messenger channel against the fake Graph API, and the agent console. */
export async function consoleRig(o: {
  redis: Redis;
  fg: FakeGraph;
  secureCookies?: boolean;
  privacyMode?: 'inline' | 'secure-view';
}): Promise<ConsoleRig> {
  const prefix = uniquePrefix('handoff-console');
  const t = await makeHandoffBot({ redis: o.redis, prefix, privacyMode: o.privacyMode });
  const channel = createMessengerChannel({
    engine: t.bot.engine,
    config: testConfig(o.fg.url),
    logger: t.bot.logger,
    handoff: t.handoff,
  });
  await channel.start();
  const console = agentConsole({
    handoff: t.handoff,
    agents: await testAgents(),
    redis: o.redis,
    prefix,
    sessionSecrets: ['test-session-secret-0123456789'],
    secureCookies: o.secureCookies ?? false,
    bankName: 'Demo Bank',
    logger: t.bot.logger,
  });
  const { server, port } = await listen(
    createApp(t.bot, { routers: [channel.router, console] }),
    0,
    '127.0.0.1',
  );
  const s: Server = server;
  return {
    t,
    channel,
    base: `http://127.0.0.1:${port}`,
    prefix,
    async close() {
      await channel.close();
      await closeServer(s);
      await t.close();
    },
  };
}

/** A signed-in console, spoken to over HTTP as the page's script does. */
export class AgentClient {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async get(path: string): Promise<Response> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.keep(res);
    return res;
  }

  async post(
    path: string,
    body: Record<string, string>,
    o: { csrf?: string | null } = {},
  ): Promise<Response> {
    const form = new URLSearchParams(body);
    if (o.csrf !== null) form.set('_csrf', o.csrf ?? this.csrf);
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    this.keep(res);
    return res;
  }

  async api(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    o: { csrf?: string | null } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (o.csrf !== null) headers['x-csrf-token'] = o.csrf ?? this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.base}/agent/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Opens the sign-in page (gets a session and its CSRF token), then signs in. */
  async signIn(id: string, password: string): Promise<Response> {
    const page = await (await this.get('/agent/login')).text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await this.post('/agent/login', { id, password });
    if (res.status === 303) {
      const consolePage = await (await this.get('/agent')).text();
      this.csrf = /name="csrf-token" content="([^"]+)"/.exec(consolePage)?.[1] ?? '';
    }
    return res;
  }

  private keep(res: Response): void {
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
  }
}
