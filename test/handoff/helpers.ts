import type Redis from 'ioredis';
import { createBot, type Bot } from '../../src/bot/create-bot';
import { RecordingChannel, type TestUser } from '../../src/channels/test/recording-channel';
import { SandboxBank, sandboxMerchants } from '../../src/connectors/sandbox';
import { MemoryAuditLog } from '../../src/engine/audit';
import { replyToPlainText, type Reply } from '../../src/engine/reply';
import type { Handoff } from '../../src/handoff';
import type { HandoffOptions } from '../../src/handoff';
import type { ConsoleEvent } from '../../src/handoff/bus';
import { silentLogger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';
import { ephemeralKeyring, TokenVault } from '../../src/vault';

export const ALICE = { id: 'alice', name: 'Alice' };
export const BOB = { id: 'bob', name: 'Bob' };

/** One vault for a test file, so a "restarted" bot can read what the first one sealed. */
export const testVault = new TokenVault(ephemeralKeyring());

export interface HandoffBot {
  bot: Bot;
  handoff: Handoff;
  channel: RecordingChannel;
  user(id: string): TestUser;
  /** Moves the bot's clock forward. */
  advance(ms: number): void;
  /** Everything the console bus carried since the start. */
  events: ConsoleEvent[];
  close(): Promise<void>;
}

/** The demo bank with live handoff: real NLU, sandbox bank, engine and handoff; recorded replies. */
export async function makeHandoffBot(
  o: {
    redis?: Redis;
    prefix?: string;
    handoff?: HandoffOptions;
    channelName?: string;
    privacyMode?: 'inline' | 'secure-view';
  } = {},
): Promise<HandoffBot> {
  let now = new Date('2026-03-18T12:00:00Z').getTime();
  const clock = () => new Date(now);
  const bank = new SandboxBank({ now: clock });
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'demo-bank',
    connector: bank,
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    redis: o.redis,
    redisPrefix: o.prefix,
    publicUrl: 'http://teller.test',
    logger: silentLogger(),
    audit: new MemoryAuditLog(),
    now: clock,
    vault: testVault,
    privacyMode: o.privacyMode,
    handoff: { tickMs: 3_600_000, ...o.handoff },
  });
  await bot.init();
  const channel = new RecordingChannel(bot.engine, o.channelName ?? 'test');
  const events: ConsoleEvent[] = [];
  const off = bot.handoff!.bus.subscribe((e) => events.push(e));
  return {
    bot,
    handoff: bot.handoff!,
    channel,
    user: (id) => channel.user(id),
    advance: (ms) => void (now += ms),
    events,
    async close() {
      off();
      await bot.close();
    },
  };
}

export function plain(replies: Reply[]): string {
  return replies.map(replyToPlainText).join('\n---\n');
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
