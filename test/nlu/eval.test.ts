import type { LabelledExample } from '../../src/nlu/csv';
import { evaluate, formatReport, OOS_LABEL } from '../../src/nlu/eval';
import { OUT_OF_SCOPE_INTENT, type Nlu, type NluResult, type TrainingExample } from '../../src/nlu/types';
import { EXAMPLES, PARAPHRASES, UNRELATED } from './fixtures/intents';

/**
 * A scripted NLU: "<intent> <confidence>" parses to that intent with that confidence and the
 * runner-up "other" with the rest; it flags out of scope under its threshold like EmbeddedNlu.
 */
class ScriptedNlu implements Nlu {
  trained: TrainingExample[] = [];
  constructor(private readonly threshold: number) {}
  async train(examples: TrainingExample[]): Promise<void> {
    this.trained = examples;
  }
  async parse(text: string): Promise<NluResult> {
    const [intent = '', conf = '0'] = text.split(' ');
    const confidence = Number(conf);
    const outOfScope = confidence < this.threshold;
    return {
      intent: outOfScope ? null : intent,
      confidence,
      ranking: [
        { intent, confidence },
        { intent: 'other', confidence: 1 - confidence },
      ],
      entities: {},
      outOfScope,
    };
  }
}

const rows = (pairs: [string, string | null][]): LabelledExample[] =>
  pairs.map(([text, intent]) => ({ text, intent }));

describe('evaluate (scoring rules, scripted NLU)', () => {
  const test = rows([
    ['a 0.9', 'a'], // right
    ['a 0.8', 'a'], // right
    ['b 0.7', 'a'], // wrong intent
    ['a 0.3', 'a'], // flagged at 0.5: wrong
    ['b 0.9', 'b'], // right
    ['b 0.2', null], // OOS, flagged: right
    ['a 0.6', null], // OOS, not flagged: wrong
  ]);

  it('computes accuracy, in-scope accuracy, OOS recall, per-intent metrics and confusions', async () => {
    let factoryThreshold = -1;
    const r = await evaluate({
      train: rows([['x', 'a']]),
      test,
      threshold: 0.5,
      nluFactory: (o) => {
        factoryThreshold = o.threshold;
        return new ScriptedNlu(o.threshold);
      },
    });
    expect(factoryThreshold).toBe(0); // the sweep re-scores one set of parses
    expect(r.accuracy).toBeCloseTo(4 / 7);
    expect(r.in_scope_accuracy).toBeCloseTo(3 / 5);
    expect(r.oos_recall).toBeCloseTo(1 / 2);
    const a = r.perIntent.find((m) => m.intent === 'a');
    const b = r.perIntent.find((m) => m.intent === 'b');
    expect(a).toMatchObject({ support: 4, precision: 2 / 3, recall: 2 / 4 });
    expect(b).toMatchObject({ support: 1, precision: 1 / 2, recall: 1 });
    expect(r.macro_f1).toBeCloseTo(((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5) + (2 * 0.5) / 1.5) / 2);
    expect(r.confusions).toEqual(
      expect.arrayContaining([
        { expected: 'a', predicted: 'b', count: 1 },
        { expected: 'a', predicted: OOS_LABEL, count: 1 },
        { expected: OOS_LABEL, predicted: 'a', count: 1 },
      ]),
    );
    expect(r.confusions).toHaveLength(3);
    const at = (t: number) => r.tradeoff.find((x) => x.threshold === t);
    expect(at(0)).toEqual({ threshold: 0, in_scope_accuracy: 4 / 5, oos_recall: 0 });
    expect(at(0.5)).toEqual({ threshold: 0.5, in_scope_accuracy: 3 / 5, oos_recall: 1 / 2 });
    expect(at(0.9)).toEqual({ threshold: 0.9, in_scope_accuracy: 2 / 5, oos_recall: 1 });
    expect(r.tradeoff.map((x) => x.threshold)).toEqual(
      [...r.tradeoff.map((x) => x.threshold)].sort((x, y) => x - y),
    );
  });

  it('reports oos_recall null without out-of-scope test rows; trains on out-of-scope rows as out_of_scope', async () => {
    let nlu: ScriptedNlu | undefined;
    const train = rows([
      ['x', 'a'],
      ['y', null],
    ]);
    const r = await evaluate({
      train,
      test: rows([['a 0.9', 'a']]),
      nluFactory: (o) => (nlu = new ScriptedNlu(o.threshold)),
    });
    expect(r.oos_recall).toBeNull();
    expect(r.accuracy).toBe(1);
    expect(nlu?.trained).toEqual([
      { text: 'x', intent: 'a' },
      { text: 'y', intent: OUT_OF_SCOPE_INTENT },
    ]);
    await evaluate({
      train,
      test: rows([['a 0.9', 'a']]),
      trainOutOfScope: false,
      nluFactory: (o) => (nlu = new ScriptedNlu(o.threshold)),
    });
    expect(nlu?.trained).toEqual([{ text: 'x', intent: 'a' }]);
  });

  it('counts an out-of-scope label returned as the intent (an NLU without a background class) as flagged', async () => {
    const r = await evaluate({
      train: rows([['x', 'a']]),
      test: rows([
        ['oos 0.9', null],
        ['out_of_scope 0.8', 'a'],
      ]),
      threshold: 0.5,
      nluFactory: (o) => new ScriptedNlu(o.threshold),
    });
    expect(r.oos_recall).toBe(1);
    expect(r.in_scope_accuracy).toBe(0);
  });

  it('rejects a bad fold count', async () => {
    await expect(evaluate({ train: rows([['x', 'a']]), cv: 1 })).rejects.toThrow(/k must be/);
  });
});

describe('evaluate (embedded NLU)', () => {
  it('scores a held-out split of the fixture and formats a readable report', async () => {
    const train: LabelledExample[] = EXAMPLES;
    const test: LabelledExample[] = [
      ...PARAPHRASES.map(([text, intent]) => ({ text, intent })),
      ...UNRELATED.map((text) => ({ text, intent: null })),
    ];
    const r = await evaluate({ train, test });
    expect(r.in_scope_accuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.oos_recall).toBeGreaterThanOrEqual(0.8);
    expect(r.examples).toMatchObject({ test: test.length, oos: UNRELATED.length, intents: 8, folds: 1 });
    expect(r.parse_ms_p50).toBeGreaterThan(0);
    expect(r.parse_ms_p99).toBeGreaterThanOrEqual(r.parse_ms_p50);
    const report = formatReport(r);
    expect(report).toMatch(/in-scope accuracy: +\d+\.\d\d%/);
    expect(report).toMatch(/out-of-scope recall: \d+\.\d\d%/);
    expect(report).toContain('Threshold trade-off');
  });

  it('cross-validates with stratified folds', async () => {
    const r = await evaluate({ train: EXAMPLES, cv: 3 });
    expect(r.examples.folds).toBe(3);
    expect(r.examples.test).toBe(EXAMPLES.length);
    expect(r.oos_recall).toBeNull();
    expect(r.perIntent).toHaveLength(8);
    expect(r.perIntent.reduce((n, m) => n + m.support, 0)).toBe(EXAMPLES.length);
    expect(r.accuracy).toBeGreaterThan(0.7);
  });
});
