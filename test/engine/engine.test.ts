import { Writable } from 'node:stream';
import type Redis from 'ioredis';
import { createBot, type Bot } from '../../src/bot/create-bot';
import { RecordingChannel } from '../../src/channels/test/recording-channel';
import { SandboxBank } from '../../src/connectors/sandbox/bank';
import type { BankConnector } from '../../src/connectors/types';
import { defineIntent, type IntentDefinition } from '../../src/engine/intent';
import type { Reply } from '../../src/engine/reply';
import { createLogger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';
import { testRedis, uniquePrefix } from '../support/redis';
import { ephemeralKeyring, TokenVault } from '../../src/vault';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sandbox bank with every call taking `ms` longer: a slow bank. */
function slowBank(ms: number): SandboxBank {
  const bank = new SandboxBank({ seed: 'engine-test' });
  for (const m of ['accounts', 'balances', 'transactions'] as const) {
    const orig = bank[m].bind(bank) as (...a: unknown[]) => Promise<unknown>;
    (bank as unknown as Record<string, unknown>)[m] = async (...a: unknown[]) => {
      await sleep(ms);
      return orig(...a);
    };
  }
  return bank;
}

/** A recording channel that also keeps one ordered log of typing indicators and replies. */
class OrderedChannel extends RecordingChannel {
  readonly log: string[] = [];

  override async send(userId: string, reply: Reply): Promise<void> {
    this.log.push(`reply:${userId}`);
    await super.send(userId, reply);
  }

  override async typing(userId: string, on: boolean): Promise<void> {
    this.log.push(`typing:${userId}:${on ? 'on' : 'off'}`);
    await super.typing(userId, on);
  }
}

/** Counts every call that reaches the bank, so tests can prove the gate held. */
function countingBank(): SandboxBank & { calls: string[] } {
  const bank = new SandboxBank({ seed: 'engine-test' }) as SandboxBank & { calls: string[] };
  bank.calls = [];
  for (const m of ['accounts', 'balances', 'transactions'] as const) {
    const orig = bank[m].bind(bank) as (...a: unknown[]) => Promise<unknown>;
    (bank as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      bank.calls.push(m);
      return orig(...a);
    };
  }
  return bank;
}

const greet = defineIntent({
  name: 'greeting',
  examples: ['hi', 'hello', 'hey there', 'good morning', 'hiya', 'howdy', 'hello bot', 'yo'],
  handle: (ctx) => ctx.reply('Hello!'),
});
const fallback = defineIntent({
  name: 'fallback',
  examples: [
    'what is the weather',
    'tell me a joke',
    'who won the football',
    'recipe for pancakes',
    'sing a song',
  ],
  handle: async (ctx) => {
    ctx.session.fallbacks++;
    await ctx.reply(`Sorry, I didn't get that (${ctx.session.fallbacks})`);
  },
});
const counter = defineIntent({
  name: 'counter',
  examples: [
    'count up',
    'increment the counter',
    'add one',
    'count please',
    'one more count',
    'bump the count',
  ],
  handle: async (ctx) => {
    const n = ((ctx.session.data.n as number | undefined) ?? 0) + 1;
    const shared = ctx.session.data as { log?: string[] };
    events.push(`start:${ctx.turn.messageId}`);
    await sleep(15);
    events.push(`end:${ctx.turn.messageId}`);
    ctx.session.data.n = n;
    shared.log = undefined;
    await ctx.reply(`count ${n}`);
  },
});
const explode = defineIntent({
  name: 'explode',
  examples: ['blow up', 'explode now', 'crash the bot', 'make it explode', 'detonate', 'go boom'],
  handle: async (ctx) => {
    ctx.session.data.n = 999;
    throw new Error('handler bug with secret sk_live_123');
  },
});
const balance = defineIntent({
  name: 'balance',
  examples: [
    "what's my balance",
    'how much money do I have',
    'balance please',
    'show my balances',
    'account balance',
    'how much is in my account',
  ],
  requires: ['balances:read'],
  handle: async (ctx) => {
    const list = await ctx.bank.balances();
    await ctx.reply(`You have ${list.length} accounts`);
  },
});

let events: string[] = [];
const intents: IntentDefinition[] = [greet, fallback, counter, explode, balance];

function build(
  o: {
    redis?: Redis;
    prefix?: string;
    connector?: BankConnector;
    logs?: string[];
    typingDelayMs?: number;
    vault?: TokenVault;
  } = {},
): {
  bot: Bot;
  channel: OrderedChannel;
} {
  const logs = o.logs;
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs?.push(String(chunk));
      cb();
    },
  });
  const bot = createBot({
    name: 'engine-test',
    connector: (o.connector ?? new SandboxBank({ seed: 'engine-test' })) as SandboxBank,
    nlu: new EmbeddedNlu({ entityExtractor: extractEntities }),
    intents,
    redis: o.redis,
    redisPrefix: o.prefix,
    vault: o.vault,
    publicUrl: 'http://teller.test',
    logger: createLogger({ level: 'info', destination }),
    typingDelayMs: o.typingDelayMs,
  });
  return { bot, channel: new OrderedChannel(bot.engine) };
}

beforeEach(() => {
  events = [];
});

describe('engine guarantees', () => {
  it('routes a message through the NLU to its intent handler', async () => {
    const { channel } = build();
    const u = channel.user('u1');
    expect((await u.say('hello there'))[0]).toEqual({ type: 'text', text: 'Hello!' });
  });

  it('gives a redelivered message id no second reply', async () => {
    const { channel } = build();
    const u = channel.user('u1');
    expect(await u.say('hi', 'mid.42')).toHaveLength(1);
    expect(await u.say('hi', 'mid.42')).toHaveLength(0);
    expect(await u.say('hi', 'mid.43')).toHaveLength(1);
  });

  it('does not save the session when a handler throws, and answers calmly with a logged code', async () => {
    const logs: string[] = [];
    const { channel } = build({ logs });
    const u = channel.user('u1');
    await u.say('count up');
    const replies = await u.say('blow up');
    expect(replies).toHaveLength(1);
    expect(u.lastText()).toMatch(/Sorry, something went wrong on my side/);
    expect(u.lastText()).not.toMatch(/secret|sk_live|Error/);
    const line = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'turn failed');
    expect(line?.code).toBe('TELLER_ERR_INTERNAL');
    // The throwing handler set n = 999, but that write was discarded: the counter continues at 2.
    expect(await u.say('count up')).toEqual([{ type: 'text', text: 'count 2' }]);
  });

  it('runs the link gate after the NLU and before the handler: no bank call before opt-in', async () => {
    const bank = countingBank();
    const { bot, channel } = build({ connector: bank });
    const u = channel.user('u1');
    const [reply] = await u.say("what's my balance");
    expect(reply?.type).toBe('buttons');
    expect(u.lastText()).toMatch(/read-only balances and transactions/);
    const link = u.findControl('Link account');
    expect(link && 'url' in link && link.url).toMatch(/^http:\/\/teller\.test\/link\/start\?t=/);
    expect(bank.calls).toEqual([]);

    // Opt in at the (sandbox) bank: the waiting question is answered.
    const token = new URL((link as { url: string }).url).searchParams.get('t')!;
    const before = channel.count('u1');
    await bot.linking.approve(token, bank.listCustomers()[0]!.id);
    const after = channel.since('u1', before).map((r) => (r.type === 'text' ? r.text : r.type));
    expect(after[0]).toMatch(/You're linked to Sandbox Bank/);
    expect(after[1]).toBe('You have 3 accounts');
  });

  it('serialises one user across two engine instances sharing one Redis', async () => {
    const redis = testRedis();
    const redis2 = testRedis();
    const prefix = uniquePrefix('engine');
    try {
      // Processes sharing one Redis share one TELLER_VAULT_KEYS, so each can open the other's sessions.
      const vault = new TokenVault(ephemeralKeyring());
      const a = build({ redis, prefix, vault });
      const b = build({ redis: redis2, prefix, vault });
      const ua = a.channel.user('same-user');
      const ub = b.channel.user('same-user');
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? ua : ub).say('count up', `m${i}`)),
      );
      // Never two turns of one user at once: every start is followed by its own end.
      for (let i = 0; i < events.length; i += 2) {
        expect(events[i]!.replace('start:', '')).toBe(events[i + 1]!.replace('end:', ''));
      }
      // And no lost update: ten increments, ten distinct counts.
      const counts = [...a.channel.since('same-user', 0), ...b.channel.since('same-user', 0)]
        .map((r) => (r.type === 'text' ? r.text : ''))
        .sort((x, y) => Number(x.split(' ')[1]) - Number(y.split(' ')[1]));
      expect(counts).toEqual(Array.from({ length: 10 }, (_, i) => `count ${i + 1}`));
      // Redelivery to the other instance is deduplicated too.
      expect(await ub.say('count up', 'm0')).toHaveLength(0);
    } finally {
      await redis.quit();
      await redis2.quit();
    }
  });
});

describe('typing indicator', () => {
  async function linked(o: Parameters<typeof build>[0]) {
    const built = build(o);
    const url = await built.bot.linking.startUrl({ channel: 'test', userId: 'u1' }, 'sandbox');
    const token = new URL(url).searchParams.get('t')!;
    await built.bot.linking.approve(token, new SandboxBank().listCustomers()[0]!.id);
    built.channel.log.length = 0;
    return { ...built, user: built.channel.user('u1') };
  }

  it('shows typing before the reply when a bank call is still running after 300 ms', async () => {
    const { channel, user } = await linked({ connector: slowBank(400) });
    const t0 = Date.now();
    await user.say("what's my balance");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700); // accounts, then balances
    expect(channel.log).toEqual(['typing:u1:on', 'reply:u1']);
    expect(user.lastText()).toBe('You have 3 accounts');
  });

  it('sends no typing indicator when the bank answers quickly', async () => {
    const { channel, user } = await linked({});
    await user.say("what's my balance");
    await user.say('balance please');
    expect(channel.log).toEqual(['reply:u1', 'reply:u1']);
    expect(channel.typingEvents).toEqual([]);
  });

  it('sends none for calls that are each quick, however many there are', async () => {
    // Two sequential 120 ms calls: 240 ms of bank time, but never one call running for 300 ms.
    const { channel, user } = await linked({ connector: slowBank(120) });
    await user.say("what's my balance");
    expect(channel.log).toEqual(['reply:u1']);
  });

  it('with typingDelayMs 0, shows typing as soon as a bank call starts', async () => {
    const { channel, user } = await linked({ typingDelayMs: 0 });
    await user.say("what's my balance");
    expect(channel.log).toEqual(['typing:u1:on', 'reply:u1']);
  });
});
