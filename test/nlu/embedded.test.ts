import fc from 'fast-check';
import { EmbeddedNlu, NluError } from '../../src/nlu/embedded';
import type { Entities, ParseContext } from '../../src/nlu/types';
import {
  EXAMPLES,
  NEW_INTENT,
  NEW_INTENT_EXAMPLES,
  NEW_INTENT_PARAPHRASES,
  PARAPHRASES,
  UNRELATED,
} from './fixtures/intents';

let nlu: EmbeddedNlu;

beforeAll(async () => {
  nlu = new EmbeddedNlu();
  await nlu.train(EXAMPLES);
});

describe('EmbeddedNlu on a small intent set', () => {
  it.each(PARAPHRASES)('routes the unseen paraphrase %j to %s', async (text, intent) => {
    const r = await nlu.parse(text);
    expect(r.intent).toBe(intent);
    expect(r.outOfScope).toBe(false);
    expect(r.ranking[0]?.intent).toBe(intent);
  });

  it('recognises its own training examples with high confidence', async () => {
    for (const e of EXAMPLES.filter((_, i) => i % 7 === 0)) {
      const r = await nlu.parse(e.text);
      expect(r.intent).toBe(e.intent);
      expect(r.confidence).toBeGreaterThan(0.5);
    }
  });

  it.each(UNRELATED)('flags %j as out of scope', async (text) => {
    const r = await nlu.parse(text);
    expect(r.outOfScope).toBe(true);
    expect(r.intent).toBeNull();
    expect(r.ranking).toHaveLength(5); // the ranking is still there for "did you mean…?"
  });

  it('flags empty and punctuation-only messages as out of scope', async () => {
    for (const text of ['', '   ', '?!...']) {
      const r = await nlu.parse(text);
      expect(r.outOfScope).toBe(true);
      expect(r.intent).toBeNull();
    }
  });

  it('tolerates typos through character n-grams', async () => {
    expect((await nlu.parse('wher is the nearst atm')).intent).toBe('atm');
    expect((await nlu.parse('whats my ballance')).intent).toBe('balance');
  });

  it('recognises an intent added with 15 examples', async () => {
    const bigger = new EmbeddedNlu();
    await bigger.train([...EXAMPLES, ...NEW_INTENT_EXAMPLES.map((text) => ({ text, intent: NEW_INTENT }))]);
    for (const text of NEW_INTENT_PARAPHRASES) {
      const r = await bigger.parse(text);
      expect(r.intent).toBe(NEW_INTENT);
    }
    // …without breaking the others.
    for (const [text, intent] of PARAPHRASES) expect((await bigger.parse(text)).intent).toBe(intent);
  });

  it('reports confidences in [0, 1] with the ranking sorted, top 5, distinct intents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (text) => {
        const r = await nlu.parse(text);
        expect(r.ranking).toHaveLength(5);
        expect(new Set(r.ranking.map((x) => x.intent)).size).toBe(5);
        let sum = 0;
        r.ranking.forEach((x, i) => {
          expect(x.confidence).toBeGreaterThanOrEqual(0);
          expect(x.confidence).toBeLessThanOrEqual(1);
          if (i > 0) expect(x.confidence).toBeLessThanOrEqual(r.ranking[i - 1]?.confidence ?? 1);
          sum += x.confidence;
        });
        expect(sum).toBeLessThanOrEqual(1 + 1e-9);
        expect(r.confidence).toBe(r.ranking[0]?.confidence);
      }),
      { numRuns: 200 },
    );
  });
});

describe('EmbeddedNlu options and errors', () => {
  it('throws TELLER_ERR_NLU_NOT_TRAINED when parsing before training', async () => {
    const fresh = new EmbeddedNlu();
    await expect(fresh.parse('hello')).rejects.toBeInstanceOf(NluError);
    await expect(fresh.parse('hello')).rejects.toMatchObject({ code: 'TELLER_ERR_NLU_NOT_TRAINED' });
  });

  it('refuses to train on nothing', async () => {
    await expect(new EmbeddedNlu().train([])).rejects.toMatchObject({ code: 'TELLER_ERR_NLU_NO_EXAMPLES' });
  });

  it('validates threshold and margin', () => {
    expect(() => new EmbeddedNlu({ threshold: 2 })).toThrow(/threshold/);
    expect(() => new EmbeddedNlu({ margin: -0.1 })).toThrow(/margin/);
  });

  it('applies threshold and margin: top < threshold or top1 − top2 < margin is out of scope', async () => {
    const text = 'show me what i bought last week';
    const base = await nlu.parse(text);
    const top = base.ranking[0]?.confidence ?? 0;
    const gap = top - (base.ranking[1]?.confidence ?? 0);
    const strict = EmbeddedNlu.fromJSON(nlu.toJSON(), { threshold: Math.min(1, top + 0.01) });
    expect((await strict.parse(text)).outOfScope).toBe(true);
    const lax = EmbeddedNlu.fromJSON(nlu.toJSON(), { threshold: 0, margin: 0, minCoverage: 0 });
    expect((await lax.parse('tell me a joke about penguins')).outOfScope).toBe(false);
    const narrow = EmbeddedNlu.fromJSON(nlu.toJSON(), { threshold: 0, margin: Math.min(1, gap + 0.01) });
    expect((await narrow.parse(text)).outOfScope).toBe(true);
  });

  it('returns {} entities without an extractor and passes text and context to one', async () => {
    expect((await nlu.parse('what is my balance')).entities).toEqual({});
    const calls: [string, ParseContext | undefined][] = [];
    const withEntities = EmbeddedNlu.fromJSON(nlu.toJSON(), {
      entityExtractor: (text, ctx): Entities => {
        calls.push([text, ctx]);
        return { count: 5 };
      },
    });
    const ctx = { timezone: 'Europe/London' };
    const r = await withEntities.parse('show my last 5 transactions', ctx);
    expect(r.entities).toEqual({ count: 5 });
    expect(r.intent).toBe('transactions');
    expect(calls).toEqual([['show my last 5 transactions', ctx]]);
  });
});
