import fc from 'fast-check';
import { EmbeddedNlu } from '../../src/nlu/embedded';
import { buildExemplars, nearestSimilarity } from '../../src/nlu/embedded/exemplars';
import { sortExamples } from '../../src/nlu/embedded/model';
import { spliceNegatives } from '../../src/nlu/embedded/negatives';
import { tokenize } from '../../src/nlu/embedded/tokenize';
import { DEFAULT_FEATURES, Vectorizer, type SparseVec } from '../../src/nlu/embedded/vectorizer';
import { isOutOfScopeLabel, OUT_OF_SCOPE_INTENT } from '../../src/nlu/types';
import { EXAMPLES, PARAPHRASES, UNRELATED } from './fixtures/intents';

const dense = (v: SparseVec, dim: number): Float64Array => {
  const out = new Float64Array(dim);
  v.indices.forEach((i, p) => (out[i] = v.values[p] as number));
  return out;
};

describe('out-of-scope labels', () => {
  it('recognises oos and out_of_scope in any case, and nothing else', () => {
    for (const l of ['oos', 'OOS', 'out_of_scope', 'Out_Of_Scope', OUT_OF_SCOPE_INTENT])
      expect(isOutOfScopeLabel(l)).toBe(true);
    for (const l of ['fallback', 'balance', 'oos2', '']) expect(isOutOfScopeLabel(l)).toBe(false);
  });
});

describe('exemplars (nearest training example)', () => {
  const texts = EXAMPLES.map((e) => e.text);
  const { vectorizer, analysed } = Vectorizer.fit(texts, DEFAULT_FEATURES);
  const labels = [...new Set(EXAMPLES.map((e) => e.intent))].sort();
  const y = Int32Array.from(EXAMPLES.map((e) => labels.indexOf(e.intent)));
  const dim = vectorizer.wordCharDimension;
  const vecs = analysed.map((a) => {
    const [w, c] = a.blocks;
    // word + char, each weighted 1/2 (unit norm overall)
    const s = Math.SQRT1_2;
    return {
      indices: Int32Array.from([...w.indices, ...c.indices]),
      values: Float32Array.from([...w.values, ...c.values].map((x) => x * s)),
    };
  });
  const ex = buildExemplars(vecs, y, labels.length, dim);

  it('finds the brute-force maximum cosine within a label, and leaves the scratch buffer zeroed', () => {
    const scratch = new Float32Array(dim);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: vecs.length - 1 }),
        fc.integer({ min: 0, max: labels.length - 1 }),
        (q, c) => {
          const qv = vecs[q] as SparseVec;
          const dq = dense(qv, dim);
          let best = 0;
          vecs.forEach((v, k) => {
            if (y[k] !== c) return;
            let dot = 0;
            v.indices.forEach((i, p) => (dot += (v.values[p] as number) * (dq[i] as number)));
            best = Math.max(best, dot);
          });
          expect(nearestSimilarity(ex, c, qv, scratch)).toBeCloseTo(best, 5);
          expect(scratch.every((x) => x === 0)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives ≈ 1 for a training example against its own label', () => {
    const scratch = new Float32Array(dim);
    for (let k = 0; k < vecs.length; k += 9)
      expect(nearestSimilarity(ex, y[k] as number, vecs[k] as SparseVec, scratch)).toBeCloseTo(1, 4);
  });
});

describe('vectorizer known-norm share', () => {
  const { vectorizer } = Vectorizer.fit(
    EXAMPLES.map((e) => e.text),
    DEFAULT_FEATURES,
  );

  it('is 1 per view when every term is known, lower with an unknown word, 0 with only unknown words', () => {
    expect(vectorizer.analyse('what is my balance').knownNorm.slice(0, 2)).toEqual([1, 1]);
    const partly = vectorizer.analyse('what is my zyxwvq balance').knownNorm;
    expect(partly[0]).toBeLessThan(1);
    expect(partly[0]).toBeGreaterThan(0);
    expect(partly[1]).toBeLessThan(1);
    expect(vectorizer.analyse('zyxwvq qqqjjj').knownNorm[0]).toBe(0);
  });

  it('stays within [0, 1] for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (t) => {
        for (const k of vectorizer.analyse(t).knownNorm) {
          expect(k).toBeGreaterThanOrEqual(0);
          expect(k).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('synthetic negatives (splices)', () => {
  const sorted = sortExamples(EXAMPLES);

  it('splices the first half of one intent’s message with the second half of another’s', () => {
    const neg = spliceNegatives(sorted, 0.1);
    expect(neg).toHaveLength(Math.round(0.1 * sorted.length));
    const firstHalves = new Set(sorted.map((e) => tokenize(e.text)[0]));
    for (const n of neg) {
      expect(n.intent).toBe(OUT_OF_SCOPE_INTENT);
      expect(n.text).not.toBe('');
      expect(firstHalves.has(n.text.split(' ')[0])).toBe(true);
    }
  });

  it('is deterministic and never made from out-of-scope rows or from a single intent', () => {
    expect(spliceNegatives(sorted, 0.1)).toEqual(spliceNegatives(sorted, 0.1));
    expect(spliceNegatives(sorted, 0)).toEqual([]);
    const one = sorted.filter((e) => e.intent === 'balance');
    expect(spliceNegatives(one, 0.5)).toEqual([]);
    const withOos = sortExamples([...one, { text: 'tell me a joke', intent: 'oos' }]);
    expect(spliceNegatives(withOos, 0.5)).toEqual([]);
  });
});

describe('EmbeddedNlu out of scope', () => {
  let plain: EmbeddedNlu;
  let withOos: EmbeddedNlu;
  const OOS_ROWS = [
    'what is the weather tomorrow',
    'play some music',
    'tell me a joke',
    'how do i bake bread',
    'who won the football',
    'book a flight to rome',
  ];

  beforeAll(async () => {
    plain = new EmbeddedNlu();
    await plain.train(EXAMPLES);
    withOos = new EmbeddedNlu();
    await withOos.train([...EXAMPLES, ...OOS_ROWS.map((text) => ({ text, intent: 'oos' }))]);
  });

  it('learns oos rows as a background class that never shows in the ranking', async () => {
    expect(withOos.model?.labels).toContain(OUT_OF_SCOPE_INTENT);
    expect(withOos.model?.labels).not.toContain('oos');
    for (const text of [...OOS_ROWS, ...UNRELATED]) {
      const r = await withOos.parse(text);
      expect(r.outOfScope).toBe(true);
      expect(r.intent).toBeNull();
      expect(r.ranking.some((x) => isOutOfScopeLabel(x.intent))).toBe(false);
    }
    for (const [text, intent] of PARAPHRASES) expect((await withOos.parse(text)).intent).toBe(intent);
  });

  it('scales confidence down for messages far from every example of the chosen intent', async () => {
    const near = plain.classify('what is my balance');
    const far = plain.classify('what is my horoscope balance for the zodiac');
    expect(far.confidence).toBeLessThan(near.confidence);
    const off = EmbeddedNlu.fromJSON(plain.toJSON(), { familiarity: 0 });
    const raw = off.classify('what is my horoscope balance for the zodiac');
    expect(raw.ranking[0]?.intent).toBe(far.ranking[0]?.intent);
    expect(raw.confidence).toBeGreaterThan(far.confidence);
    // The scaling keeps the ranking order and the sum ≤ 1.
    expect(far.ranking.map((x) => x.intent)).toEqual(raw.ranking.map((x) => x.intent));
  });

  it('validates familiarity and ambiguity', () => {
    expect(() => new EmbeddedNlu({ familiarity: 1.5 })).toThrow(/familiarity/);
    expect(() => new EmbeddedNlu({ ambiguity: -1 })).toThrow(/ambiguity/);
  });

  it('adds synthetic negatives only from syntheticNegativesMinExamples examples on', async () => {
    expect(plain.model?.labels).not.toContain(OUT_OF_SCOPE_INTENT);
    const spliced = new EmbeddedNlu({ model: { syntheticNegativesMinExamples: 0 } });
    await spliced.train(EXAMPLES);
    expect(spliced.model?.labels).toContain(OUT_OF_SCOPE_INTENT);
    expect(spliced.model?.trainStats?.examples).toBe(EXAMPLES.length + Math.round(0.06 * EXAMPLES.length));
    for (const [text, intent] of PARAPHRASES) expect((await spliced.parse(text)).intent).toBe(intent);
  });

  it('calls a phrase taught to two intents ambiguous (for "Did you mean…?"), unless ambiguity is 0', async () => {
    const shared = ['card money', 'money on the card', 'card cash money'];
    const nlu = new EmbeddedNlu();
    await nlu.train([
      ...[...shared, 'what is my card balance', 'credit card balance'].map((text) => ({
        text,
        intent: 'card.balance',
      })),
      ...[...shared, 'what did i spend on my card', 'card spending'].map((text) => ({
        text,
        intent: 'card.spending',
      })),
      ...['tell me a joke', 'weather today', 'sing a song'].map((text) => ({ text, intent: 'fallback' })),
    ]);
    const r = nlu.classify('card money');
    expect(r.outOfScope).toBe(true);
    expect(
      r.ranking
        .slice(0, 2)
        .map((x) => x.intent)
        .sort(),
    ).toEqual(['card.balance', 'card.spending']);
    const off = EmbeddedNlu.fromJSON(nlu.toJSON(), { ambiguity: 0, margin: 0 });
    expect(off.classify('card money').outOfScope).toBe(false);
    expect(nlu.classify('what is my card balance').intent).toBe('card.balance');
  });
});
