import type Redis from 'ioredis';
import { createBot, type Bot } from '../../src/bot/create-bot';
import { RecordingChannel, type TestUser } from '../../src/channels/test/recording-channel';
import { SandboxBank, sandboxMerchants } from '../../src/connectors/sandbox';
import { MemoryAuditLog } from '../../src/engine/audit';
import type { Middleware } from '../../src/engine/composer';
import type { TurnContext } from '../../src/engine/context';
import { loadIntents } from '../../src/engine/loader';
import type { IntentDefinition } from '../../src/engine/intent';
import { silentLogger, type Logger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';

/** A fixed "now" so conversation tests see the same sandbox data on every run. */
export const TEST_NOW = new Date('2026-03-18T12:00:00Z');

export interface TestBotOptions {
  now?: Date;
  /** A moving clock, for tests that need time to pass. */
  clock?: () => Date;
  redis?: Redis;
  redisPrefix?: string;
  intents?: IntentDefinition[];
  logger?: Logger;
  middleware?: Middleware<TurnContext>[];
}

export interface TestBot {
  bot: Bot;
  bank: SandboxBank;
  channel: RecordingChannel;
  audit: MemoryAuditLog;
  user(id: string): TestUser;
  /** Completes the sandbox opt-in for a user, as if they approved on the consent page. */
  linkUser(user: TestUser, customerId?: string): Promise<void>;
  close(): Promise<void>;
}

/** The demo bank as a test sees it: real NLU, real sandbox bank, real engine, recorded replies. */
export async function makeTestBot(o: TestBotOptions = {}): Promise<TestBot> {
  const now = o.now ?? TEST_NOW;
  const clock = o.clock ?? (() => new Date(now.getTime()));
  const bank = new SandboxBank({ now: clock });
  const knownMerchants = sandboxMerchants();
  const audit = new MemoryAuditLog();
  const bot = createBot({
    name: 'demo-bank',
    connector: bank,
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: o.intents ?? loadIntents(),
    redis: o.redis,
    redisPrefix: o.redisPrefix,
    publicUrl: 'http://teller.test',
    logger: o.logger ?? silentLogger(),
    audit,
    now: clock,
    middleware: o.middleware,
    // Conversation tests type faster than any customer; rate limits have their own suite.
    rateLimits: false,
  });
  await bot.init();
  const channel = new RecordingChannel(bot.engine);
  return {
    bot,
    bank,
    channel,
    audit,
    user: (id) => channel.user(id),
    async linkUser(user, customerId = 'cust_amelia') {
      const url = await bot.linking.startUrl({ channel: channel.name, userId: user.id }, bank.id);
      const token = new URL(url).searchParams.get('t')!;
      await bot.linking.approve(token, customerId);
    },
    close: () => bot.close(),
  };
}
