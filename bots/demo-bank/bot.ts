import { createBot, type Bot, type BotOptions, type SandboxLike } from '../../src/bot/create-bot';
import type { BotFactoryOptions } from '../../src/bot/registry';
import { SandboxBank, sandboxMerchants } from '../../src/connectors/sandbox';
import { loadIntents } from '../../src/engine/loader';
import type { BotOAuthOptions } from '../../src/linking/bot-linking';
import type { OAuthLinking } from '../../src/linking/oauth-linking';
import { createLogger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';
import { privacyModeFrom } from '../../src/privacy/mode';

/**
 * The demo bank: every built-in intent, the sandbox bank (seeded demo customers, ATMs in London,
 * Manchester and New York) and the embedded NLU. State lives in Redis when one is given, else in
 * memory. This factory (used by `teller chat` and the tools, which have no web server) links at
 * the sandbox consent prompt; `npm start` links through the sandbox bank's OpenID provider
 * (`createDemoBankWithOAuth`).
 */
/** `handoff`: live handoff to people (`npm start` turns it on; the terminal chat has no console). */
type DemoBankFactoryOptions = BotFactoryOptions & { handoff?: boolean };

export default async function createDemoBank(o: DemoBankFactoryOptions): Promise<Bot> {
  return createBot(demoBankOptions(o, new SandboxBank({ now: o.now })));
}

/** The demo bank linking with real OAuth2 + PKCE at `oauth` (the sandbox bank's IdP in `npm start`). */
export async function createDemoBankWithOAuth(
  o: DemoBankFactoryOptions & { oauth: BotOAuthOptions; bank?: SandboxLike },
): Promise<Bot<OAuthLinking>> {
  return createBot({ ...demoBankOptions(o, o.bank ?? new SandboxBank({ now: o.now })), oauth: o.oauth });
}

/** `bank`: the in-process SandboxBank, or the Open Banking connector to its HTTP face (TELLER_BANK). */
export function demoBankOptions(o: DemoBankFactoryOptions, bank: SandboxLike): BotOptions {
  const knownMerchants = sandboxMerchants();
  return {
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
    // `inline` (default) or `secure-view`: see bots/demo-bank/README.md.
    privacyMode: privacyModeFrom(process.env.TELLER_PRIVACY_MODE),
    // Queue, agent console at /agent and transcripts (README: Support staff console).
    handoff: o.handoff,
  };
}
