import { createBot, type Bot } from '../../../src/bot/create-bot';
import type { BotFactoryOptions } from '../../../src/bot/registry';
import { SandboxBank, sandboxMerchants } from '../../../src/connectors/sandbox';
import { loadIntents } from '../../../src/engine/loader';
import { createLogger } from '../../../src/logging/logger';
import { EmbeddedNlu } from '../../../src/nlu/embedded';
import { extractEntities } from '../../../src/nlu/entities';

/**
 * The demo bank as `npm run bench -- --workers N` runs it in `teller web` and `teller worker`
 * processes (TELLER_BOTS_DIR=bench/bots): every built-in intent, the sandbox bank, the embedded NLU,
 * sessions and tokens sealed with TELLER_VAULT_KEYS, every bank call audited in Redis, linking at
 * the sandbox consent page. One difference from bots/demo-bank: per-user and per-page rate limits
 * are off, since 20 virtual users sending dozens of turns a second would (rightly) be turned away
 * and the bench measures the turn path. There is no main.ts here, so `teller web|worker` wires this
 * factory with the stock roles (src/cli/role-command.ts).
 */
export default async function createBenchDemoBank(o: BotFactoryOptions): Promise<Bot> {
  const knownMerchants = sandboxMerchants();
  return createBot({
    name: 'demo-bank',
    rateLimits: false,
    connector: new SandboxBank({ now: o.now }),
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
