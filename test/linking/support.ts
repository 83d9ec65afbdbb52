import type { Server } from 'node:http';
import type Redis from 'ioredis';
import * as client from 'openid-client';
import { createBot, type Bot } from '../../src/bot/create-bot';
import {
  createEmulator,
  generateLocalSecrets,
  type Emulator,
  type LocalSecrets,
} from '../../src/channels/emulator';
import {
  createMessengerChannel,
  loadMessengerConfig,
  type MessengerChannel,
} from '../../src/channels/messenger';
import { RecordingChannel, type TestUser } from '../../src/channels/test/recording-channel';
import { SandboxBank, sandboxMerchants } from '../../src/connectors/sandbox';
import { sandboxBankOAuth, type SandboxIdp } from '../../src/connectors/sandbox/idp';
import { loadIntents } from '../../src/engine/loader';
import type { BotOAuthOptions } from '../../src/linking/bot-linking';
import type { OAuthConnectorHooks } from '../../src/linking/oauth-hooks';
import type { OAuthLinking } from '../../src/linking/oauth-linking';
import { createLogger, type Logger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';
import { createApp } from '../../src/server/app';
import { closeServer, listen } from '../../src/server/listen';
import { TEST_NOW } from '../support/bot';
import { uniquePrefix } from '../support/redis';
import { freePort } from '../support/redis-server';

export interface LinkingApp {
  base: string;
  bot: Bot<OAuthLinking>;
  bank: SandboxBank;
  idp: SandboxIdp;
  oauth: BotOAuthOptions;
  channel: RecordingChannel;
  clock: { t: number };
  /** Every log line the bot wrote (to check that no token reaches a log). */
  logs: string[];
  user(id: string): TestUser;
  /** With `messenger: true`: the real Messenger channel, talking to the emulator's fake Graph API. */
  messenger?: { emulator: Emulator; channel: MessengerChannel; secrets: LocalSecrets };
  /** The bank's own view of a token (RFC 7662 introspection with Teller's client credentials). */
  introspect(token: string): Promise<client.IntrospectionResponse>;
  close(): Promise<void>;
}

/**
 * The demo bank wired for OAuth linking against the sandbox bank's OpenID provider, served by the
 * same HTTP server under /sandbox-bank (as `npm start` does), with Redis storage and a moving clock.
 */
export async function startLinkingApp(
  redis: Redis,
  o: { messenger?: boolean; bankDown?: boolean; hooks?: OAuthConnectorHooks } = {},
): Promise<LinkingApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clock = { t: TEST_NOW.getTime() };
  const now = () => new Date(clock.t);
  const bank = new SandboxBank({ now });
  const logs: string[] = [];
  const logger: Logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logs.push(line) },
  } as Parameters<typeof createLogger>[0]);
  const { idp, oauth } = sandboxBankOAuth({ publicUrl: base, customers: () => bank.listCustomers() });
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'demo-bank',
    connector: bank,
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    redis,
    redisPrefix: uniquePrefix('linking'),
    publicUrl: base,
    logger,
    now,
    // bankDown: Teller is registered at an issuer where nothing listens.
    oauth: o.bankDown
      ? { client: { ...oauth.client, issuer: `http://127.0.0.1:${await freePort()}/sandbox-bank` } }
      : { ...oauth, hooks: o.hooks },
  });
  await bot.init();
  const channel = new RecordingChannel(bot.engine);
  let messenger: LinkingApp['messenger'];
  if (o.messenger) {
    const secrets = generateLocalSecrets();
    const emulator = createEmulator({ selfUrl: base, ...secrets, logger, botName: 'Demo Bank' });
    const linking = bot.linking;
    const messengerChannel = createMessengerChannel({
      engine: bot.engine,
      config: loadMessengerConfig(emulator.config, { required: true }),
      logger,
      onAccountLinking: (psid, event) => linking.messengerEvent(psid, event),
    });
    messenger = { emulator, channel: messengerChannel, secrets };
  }
  const routers = [messenger?.channel.router, messenger?.emulator.router, idp.router].filter((r) => !!r);
  const { server } = await listen(createApp(bot, { routers }), port, '127.0.0.1');
  await messenger?.channel.start();
  const config = await client.discovery(
    new URL(oauth.client.issuer),
    oauth.client.clientId,
    oauth.client.clientSecret,
    undefined,
    { execute: [client.allowInsecureRequests] },
  );
  return {
    base,
    bot,
    bank,
    idp,
    oauth,
    channel,
    clock,
    logs,
    user: (id) => channel.user(id),
    messenger,
    introspect: (token) => client.tokenIntrospection(config, token),
    close: async () => {
      await messenger?.channel.close();
      messenger?.emulator.close();
      await closeServer(server as Server);
      await bot.close();
    },
  };
}

/**
 * A browser as plain HTTP: a cookie jar (per host and path, good enough for one test server)
 * and manual redirects, so each hop can be checked.
 */
export class Browser {
  private readonly jar = new Map<string, { value: string; path: string }>();

  async get(url: string): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name)?.value;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const path = new URL(url).pathname;
    const cookies = [...this.jar]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([k, c]) => `${k}=${c.value}`)
      .join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookies ? { cookie: cookies } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const pathAttr = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='));
      const expired = attrs.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a.trim())) || value === '';
      if (expired) this.jar.delete(name);
      else this.jar.set(name, { value, path: pathAttr ? pathAttr.slice(5) : '/' });
    }
    return res;
  }
}

export function location(res: Response, base: string): string {
  const to = res.headers.get('location');
  if (!to) throw new Error(`expected a redirect, got HTTP ${res.status}`);
  return new URL(to, base).href;
}

export interface BankChoice {
  decision?: 'approve' | 'decline';
  customer?: string;
  shareTransactions?: boolean;
}

/**
 * From the link URL to the bank's redirect back to Teller: /link/start → the bank's authorization
 * endpoint → its sign-in and consent screen → POST → resume. Returns the callback URL, not yet
 * visited, and the consent page's HTML.
 */
export async function toCallback(
  browser: Browser,
  linkUrl: string,
  choice: BankChoice = {},
): Promise<{ callback: string; consentHtml: string }> {
  const start = await browser.get(linkUrl);
  if (start.status !== 303) throw new Error(`/link/start answered ${start.status}: ${await start.text()}`);
  const authorize = location(start, linkUrl);
  const toInteraction = await browser.get(authorize);
  const interaction = location(toInteraction, authorize);
  const screen = await browser.get(interaction);
  const consentHtml = await screen.text();
  if (screen.status !== 200) throw new Error(`consent screen answered ${screen.status}`);
  const form: Record<string, string> = {
    decision: choice.decision ?? 'approve',
    customer: choice.customer ?? 'cust_amelia',
  };
  if (choice.shareTransactions !== false) form.share_transactions = 'yes';
  const posted = await browser.post(interaction, form);
  const resume = location(posted, interaction);
  const back = await browser.get(resume);
  return { callback: location(back, resume), consentHtml };
}

/** The link button's URL from the last "Link account" reply. */
export function linkUrlOf(user: TestUser): string {
  const link = user.findControl('Link account');
  if (!link || !('url' in link)) throw new Error('no link button: ' + user.transcript());
  return link.url;
}

/** The customer asks for their balance; returns the link the chat offers them. */
export async function askForLink(app: Pick<LinkingApp, 'user'>, id: string): Promise<string> {
  const u = app.user(id);
  await u.say("what's my balance");
  return linkUrlOf(u);
}

/** Waits for the chat to receive a reply matching `re` (callbacks resume the chat asynchronously). */
export async function waitForText(user: TestUser, re: RegExp, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = user.transcript();
    if (re.test(t)) return t;
    if (Date.now() > deadline) throw new Error(`no reply matching ${re} in:\n${t}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
