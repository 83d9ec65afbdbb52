import { createBot } from '../../src/bot/create-bot';
import { RecordingChannel } from '../../src/channels/test/recording-channel';
import { SandboxBank } from '../../src/connectors/sandbox';
import { defineIntent } from '../../src/engine/intent';
import { silentLogger } from '../../src/logging/logger';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { extractEntities } from '../../src/nlu/entities';

const shared = [
  'card money',
  'money on the card',
  'the card money please',
  'card money now',
  'card cash money',
];

const intents = [
  defineIntent({
    name: 'card.balance',
    suggestion: 'Card balance',
    requires: ['balances:read'],
    examples: [...shared, 'what is my card balance', 'credit card balance', 'how much is on my card'],
    handle: (ctx) => ctx.reply('card balance answer'),
  }),
  defineIntent({
    name: 'card.spending',
    suggestion: 'Card spending',
    requires: ['transactions:read'],
    examples: [...shared, 'what did I spend on my card', 'card spending', 'how much went on my card'],
    handle: (ctx) => ctx.reply('card spending answer'),
  }),
  defineIntent({
    name: 'fallback',
    examples: ['tell me a joke', 'weather today', 'sing a song', 'who are you voting for', 'best pizza'],
    handle: (ctx) => ctx.reply('fallback answer'),
  }),
];

describe('ambiguous bank questions', () => {
  it('asks "Did you mean…?" with quick replies instead of guessing, and the answer runs the chosen intent', async () => {
    const bank = new SandboxBank();
    const bot = createBot({
      name: 'ambiguity',
      connector: bank,
      nlu: new EmbeddedNlu({ entityExtractor: extractEntities }),
      intents,
      publicUrl: 'http://teller.test',
      logger: silentLogger(),
    });
    const channel = new RecordingChannel(bot.engine);
    const u = channel.user('amb');
    const url = await bot.linking.startUrl({ channel: 'test', userId: 'amb' }, 'sandbox');
    await bot.linking.approve(new URL(url).searchParams.get('t')!, 'cust_amelia');

    const [reply] = await u.say('card money');
    expect(reply).toMatchObject({ type: 'text', text: 'Did you mean…?' });
    expect(reply?.quickReplies?.map((q) => q.title).sort()).toEqual([
      'Card balance',
      'Card spending',
      'Something else',
    ]);
    await u.press('Card spending');
    expect(u.lastText()).toBe('card spending answer');

    // A clear question is answered directly.
    await u.say('what is my card balance');
    expect(u.lastText()).toBe('card balance answer');
  });
});
