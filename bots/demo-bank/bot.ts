import { createBot, type Bot } from '../../src/bot/create-bot';
import type { BotFactoryOptions } from '../../src/bot/registry';
import { SandboxBank, sandboxMerchants } from '../../src/connectors/sandbox';
import { loadIntents } from '../../src/engine/loader';
import { createLogger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';

/**
 * The demo bank: every built-in intent, the sandbox bank (seeded demo customers, ATMs in London,
 * Manchester and New York) and the embedded NLU. State lives in Redis when one is given, else in
 * memory.
 */
export default async function createDemoBank(o: BotFactoryOptions): Promise<Bot> {
  const bank = new SandboxBank({ now: o.now });
  const knownMerchants = sandboxMerchants();
  return createBot({
    name: 'demo-bank',
    connector: bank,
    nlu: new EmbeddedNlu({
      entityExtractor: (text, ctx) => extractEntities(text, ctx, { knownMerchants }),
      cacheDir: o.cacheDir,
    }),
    intents: loadIntents(),
    redis: o.redis,
    publicUrl: o.publicUrl,
    logger: o.logger ?? createLogger(),
    now: o.now,
    prefs: { timezone: 'Europe/London', locale: 'en-GB', currency: 'GBP' },
  });
}
