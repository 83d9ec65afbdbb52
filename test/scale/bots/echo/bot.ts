import { createBot, type Bot } from '../../../../src/bot/create-bot';
import type { BotFactoryOptions } from '../../../../src/bot/registry';
import { SandboxBank } from '../../../../src/connectors/sandbox';
import { defineIntent } from '../../../../src/engine/intent';
import { createLogger } from '../../../../src/logging/logger';
import type { Nlu } from '../../../../src/nlu/types';

/** Understands nothing: every message goes to the fallback intent below. */
const nothing: Nlu = {
  train: async () => undefined,
  parse: async () => ({ intent: null, confidence: 0, ranking: [], entities: {}, outOfScope: true }),
};

/**
 * The scale tests' bot: the real engine, storage, locks and channel, with one intent that answers
 * every message with two replies naming it ("echo <text>", then "done <text>"), so the test can
 * tell which message each Send API call answers and in what order.
 */
export default async function createEchoBot(o: BotFactoryOptions): Promise<Bot> {
  return createBot({
    name: 'echo',
    connector: new SandboxBank(),
    nlu: nothing,
    intents: [
      defineIntent({
        name: 'fallback',
        examples: ['anything at all'],
        async handle(ctx) {
          await ctx.reply(`echo ${ctx.turn.text ?? ''}`);
          await ctx.reply(`done ${ctx.turn.text ?? ''}`);
        },
      }),
    ],
    redis: o.redis,
    publicUrl: o.publicUrl,
    logger: o.logger ?? createLogger(),
  });
}
