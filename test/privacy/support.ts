import { Writable } from 'node:stream';
import type Redis from 'ioredis';
import { RedisAuditLog } from '../../src/audit';
import { createBot, type Bot, type BotOptions } from '../../src/bot/create-bot';
import { RecordingChannel, type TestUser } from '../../src/channels/test/recording-channel';
import { SandboxBank, sandboxMerchants } from '../../src/connectors/sandbox';
import { loadIntents } from '../../src/engine/loader';
import { createLogger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';
import { TEST_NOW } from '../support/bot';

export interface PrivacyBot {
  bot: Bot;
  bank: SandboxBank;
  channel: RecordingChannel;
  audit: RedisAuditLog;
  /** Every log line the bot wrote, as pino wrote it. */
  logs(): string;
  user(id: string): TestUser;
  /** Completes the sandbox opt-in; returns the link URL the customer was given. */
  linkUser(user: TestUser, customerId?: string): Promise<string>;
}

/**
 * The demo bank on Redis with everything a privacy test looks at: the Redis audit log (under the
 * test's prefix) and a real Teller logger writing to a buffer.
 */
export async function makePrivacyBot(
  redis: Redis,
  prefix: string,
  o: Partial<BotOptions> & { clock?: () => Date } = {},
): Promise<PrivacyBot> {
  const clock = o.clock ?? (() => new Date(TEST_NOW.getTime()));
  const bank = new SandboxBank({ now: clock });
  let out = '';
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const audit = new RedisAuditLog({ client: redis, prefix: `${prefix}audit:` });
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'demo-bank',
    connector: bank,
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    redis,
    redisPrefix: prefix,
    publicUrl: 'http://teller.test',
    logger: createLogger({ level: 'debug', destination }),
    audit,
    now: clock,
    ...o,
  });
  await bot.init();
  const channel = new RecordingChannel(bot.engine);
  return {
    bot,
    bank,
    channel,
    audit,
    logs: () => out,
    user: (id) => channel.user(id),
    async linkUser(user, customerId = 'cust_amelia') {
      const url = await bot.linking.startUrl({ channel: channel.name, userId: user.id }, bank.id);
      await bot.linking.approve(new URL(url).searchParams.get('t')!, customerId);
      return url;
    },
  };
}

/** Every key under `prefix` with its value, read according to its type, as one string per key. */
export async function dumpRedis(redis: Redis, match: string): Promise<Map<string, string>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const out = new Map<string, string>();
  for (const key of keys) {
    const type = await redis.type(key);
    let value: unknown;
    switch (type) {
      case 'string':
        value = await redis.get(key);
        break;
      case 'hash':
        value = await redis.hgetall(key);
        break;
      case 'list':
        value = await redis.lrange(key, 0, -1);
        break;
      case 'set':
        value = await redis.smembers(key);
        break;
      case 'zset':
        value = await redis.zrange(key, 0, -1, 'WITHSCORES');
        break;
      case 'stream':
        value = await redis.xrange(key, '-', '+');
        break;
      case 'none':
        continue; // expired between SCAN and TYPE
      default:
        throw new Error(`unexpected Redis type ${type} at ${key}`);
    }
    out.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}
