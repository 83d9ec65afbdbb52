import type { Server } from 'node:http';
import { createBot, type Bot } from '../../../src/bot/create-bot';
import { createMessengerChannel, type MessengerChannel } from '../../../src/channels/messenger';
import { CHANNEL } from '../../../src/channels/messenger/parse';
import { SandboxBank, sandboxMerchants } from '../../../src/connectors/sandbox';
import { MemoryAuditLog } from '../../../src/engine/audit';
import { loadIntents } from '../../../src/engine/loader';
import { silentLogger } from '../../../src/logging/logger';
import { EmbeddedNlu } from '../../../src/nlu/embedded';
import { extractEntities } from '../../../src/nlu/entities';
import { createApp } from '../../../src/server/app';
import { closeServer, listen } from '../../../src/server/listen';
import { FakeGraph } from './fake-graph';
import { APP_SECRET, batch, PAGE_TOKEN, postWebhook, testConfig, textMsg } from './helpers';

/** The sandbox bank, with every connector call delayed by `delay()` ms. */
function delayedBank(delay: () => number): SandboxBank {
  const bank = new SandboxBank({ now: () => new Date('2026-03-18T12:00:00Z') });
  for (const m of ['accounts', 'balances', 'transactions'] as const) {
    const orig = bank[m].bind(bank) as (...a: unknown[]) => Promise<unknown>;
    (bank as unknown as Record<string, unknown>)[m] = async (...a: unknown[]) => {
      const ms = delay();
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      return orig(...a);
    };
  }
  return bank;
}

let bankDelay = 0;
let bot: Bot;
let fg: FakeGraph;
let channel: MessengerChannel;
let server: Server;
let base: string;

beforeAll(async () => {
  const knownMerchants = sandboxMerchants();
  bot = createBot({
    name: 'typing-test',
    connector: delayedBank(() => bankDelay),
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    publicUrl: 'http://teller.test',
    logger: silentLogger(),
    audit: new MemoryAuditLog(),
  });
  await bot.init();
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
  channel = createMessengerChannel({
    engine: bot.engine,
    config: testConfig(fg.url),
    logger: silentLogger(),
  });
  await channel.start();
  const r = await listen(createApp(bot, { routers: [channel.router] }), 0, '127.0.0.1');
  server = r.server;
  base = `http://127.0.0.1:${r.port}`;
});
afterAll(async () => {
  await channel.close();
  await closeServer(server);
  await fg.close();
  await bot.close();
});

async function linkedUser(psid: string): Promise<void> {
  const url = await bot.linking.startUrl({ channel: CHANNEL, userId: psid }, 'sandbox');
  await bot.linking.approve(new URL(url).searchParams.get('t')!, 'cust_amelia');
  await fg.waitForMessages(psid, 1); // "You're linked"
}

/** What Graph received for `psid` after the first `skip` calls: sender actions and message texts. */
function wire(psid: string, skip: number): string[] {
  return fg
    .sends(psid)
    .slice(skip)
    .map((b) => (b.sender_action ? String(b.sender_action) : 'message'));
}

describe('Messenger typing indicator', () => {
  it('a slow bank call sends typing_on, then the reply', async () => {
    await linkedUser('typing-slow');
    const before = fg.sends('typing-slow').length;
    bankDelay = 400;
    try {
      expect(
        (await postWebhook(base, batch({ messaging: [textMsg('typing-slow', "what's my balance")] }))).status,
      ).toBe(200);
      await fg.waitForMessages('typing-slow', 2);
    } finally {
      bankDelay = 0;
    }
    expect(wire('typing-slow', before)).toEqual(['typing_on', 'message']);
  });

  it('a fast bank call sends the reply alone', async () => {
    await linkedUser('typing-fast');
    const before = fg.sends('typing-fast').length;
    expect(
      (await postWebhook(base, batch({ messaging: [textMsg('typing-fast', "what's my balance")] }))).status,
    ).toBe(200);
    await fg.waitForMessages('typing-fast', 2);
    await new Promise((r) => setTimeout(r, 400)); // nothing late either
    expect(wire('typing-fast', before)).toEqual(['message']);
  });
});
