import { createBot, type Bot } from '../../../src/bot/create-bot';
import type { BotFactoryOptions } from '../../../src/bot/registry';
import { SandboxBank } from '../../../src/connectors/sandbox';
import { demoBankOptions } from '../../../bots/demo-bank/bot';

/**
 * The demo bank as `npm run bench -- --workers N` runs it in `teller web` and `teller worker`
 * processes (TELLER_BOTS_DIR=bench/bots): exactly bots/demo-bank's options (every built-in intent,
 * the sandbox bank, the embedded NLU, sealed sessions and tokens, audited bank calls), linking at
 * the sandbox consent page, with one difference: per-user and per-page rate limits are off, since 20
 * virtual users sending dozens of turns a second would (rightly) be turned away and the bench
 * measures the turn path. There is no main.ts here, so `teller web|worker` wires this factory with
 * the stock roles (src/cli/role-command.ts).
 */
export default async function createBenchDemoBank(o: BotFactoryOptions): Promise<Bot> {
  return createBot({ ...demoBankOptions(o, new SandboxBank({ now: o.now })), rateLimits: false });
}
