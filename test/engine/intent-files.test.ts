import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILT_IN_INTENTS_DIR, loadIntents } from '../../src/engine/loader';
import { defineIntent } from '../../src/engine/intent';
import { makeTestBot } from '../support/bot';

const ENGINE_INTENT = resolve(__dirname, '../../src/engine/intent');

describe('intents are files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(__dirname, '.tmp-intents-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a bot uses every file in intents/ unless it picks some', () => {
    const all = loadIntents();
    expect(all.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        'greeting',
        'help',
        'balance',
        'spending',
        'transactions',
        'atm.nearest',
        'link',
        'unlink',
        'fallback',
      ]),
    );
    expect(loadIntents(BUILT_IN_INTENTS_DIR, ['balance', 'greeting']).map((i) => i.name)).toEqual([
      'balance',
      'greeting',
    ]);
    expect(() => loadIntents(BUILT_IN_INTENTS_DIR, ['nope'])).toThrow(/No intent named "nope"/);
  });

  it('adding one new file with examples makes a new intent recognisable, with no engine change', async () => {
    // Copy the built-in intents plus ONE new file into a folder, exactly as a bank developer would.
    const file = join(dir, 'mortgage.ts');
    writeFileSync(
      file,
      `import { defineIntent } from ${JSON.stringify(ENGINE_INTENT)};
export default defineIntent({
  name: 'mortgage.payment',
  examples: [
    'when is my mortgage payment due', 'next mortgage payment', 'how much is my mortgage this month',
    'mortgage due date', 'when do I pay the mortgage', 'mortgage repayment date', 'my home loan payment',
    'when is the next home loan instalment', 'how much is the next mortgage instalment', 'mortgage payment amount',
    'what day does my mortgage come out', 'when does the mortgage leave my account', 'monthly mortgage payment',
    'remaining mortgage payments', 'mortgage schedule',
  ],
  handle: (ctx) => ctx.reply('Your next mortgage payment is on the 1st.'),
});
`,
    );
    const tb = await makeTestBot({ intents: [...loadIntents(), ...loadIntents(dir)] });
    const u = tb.user('dev');
    for (const phrase of [
      'when is my next mortgage payment?',
      'mortgage payment date please',
      'how much will the mortgage be this month',
    ]) {
      await u.say(phrase);
      expect(u.lastText()).toBe('Your next mortgage payment is on the 1st.');
    }
    // Built-ins still route as before.
    await u.say('hello');
    expect(u.lastText()).toMatch(/I'm Teller/);
    await tb.close();
  });

  it('rejects a file that does not default-export an intent, and invalid definitions', () => {
    writeFileSync(join(dir, 'broken.ts'), 'export const x = 1;\n');
    expect(() => loadIntents(dir)).toThrow(/broken\.ts must default-export defineIntent/);
    rmSync(join(dir, 'broken.ts'));
    expect(() => defineIntent({ name: 'Bad Name', examples: ['x'], handle: () => undefined })).toThrow(
      /dotted lower-case/,
    );
    expect(() =>
      defineIntent({
        name: 'ok',
        examples: ['x'],
        entities: { place: { required: true } },
        handle: () => undefined,
      }),
    ).toThrow(/needs ask/);
  });
});
