/**
 * NLU evaluation: train on labelled examples, parse held-out ones, report accuracy, macro-F1,
 * out-of-scope recall, per-intent metrics, confusions, timings and a threshold trade-off sweep.
 * A pure module (no I/O, no process state): the CLI renders the result as JSON or with
 * {@link formatReport}.
 *
 * Scoring rules:
 * - an in-scope row is correct when the predicted intent is the expected one and the message was
 *   not flagged out of scope; an out-of-scope row (intent `null`) is correct when flagged;
 * - `accuracy` covers all rows, `in_scope_accuracy` only in-scope rows, `oos_recall` is the share
 *   of out-of-scope rows flagged (null when there are none);
 * - `macro_f1` and `perIntent` cover in-scope intents; a flag counts as the prediction {@link OOS_LABEL};
 * - the trade-off sweep re-scores the same parses: the NLU is built with threshold 0 and a row
 *   counts as flagged at threshold t when the NLU flagged it or its top confidence is below t;
 * - out-of-scope rows of the training data are trained on as {@link OUT_OF_SCOPE_INTENT}
 *   examples (the embedded NLU's background class); an NLU that returns that label as its
 *   intent counts as having flagged the message.
 */
import type { LabelledExample } from './csv';
import { DEFAULT_THRESHOLD, EmbeddedNlu } from './embedded';
import { stratifiedFolds } from './embedded/folds';
import { isOutOfScopeLabel, OUT_OF_SCOPE_INTENT, type Nlu, type TrainingExample } from './types';

/** How out-of-scope rows appear in confusions and per-class labels. */
export const OOS_LABEL = 'oos';
export const DEFAULT_SWEEP = Array.from({ length: 20 }, (_, i) => i / 20);

export interface EvaluateOptions {
  train: readonly LabelledExample[];
  /** Held-out rows; when absent, `cv` folds of `train` are used. */
  test?: readonly LabelledExample[];
  /** Number of stratified cross-validation folds (≥ 2) when there is no `test`. */
  cv?: number;
  /** Seed of the fold shuffle (default 42). */
  seed?: number;
  /** Out-of-scope confidence threshold (default: the embedded NLU's). */
  threshold?: number;
  /** Out-of-scope margin (default: the NLU's own). */
  margin?: number;
  /** Builds the NLU under test; receives threshold 0 (see module docs) and the margin. */
  nluFactory?: (o: { threshold: number; margin?: number }) => Nlu;
  /** Thresholds for the trade-off sweep (default 0, 0.05, … 0.95 plus `threshold`). */
  sweep?: readonly number[];
  /** Train on the out-of-scope rows of `train` as {@link OUT_OF_SCOPE_INTENT} (default true). */
  trainOutOfScope?: boolean;
}

export interface IntentMetrics {
  intent: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationResult {
  accuracy: number;
  macro_f1: number;
  oos_recall: number | null;
  in_scope_accuracy: number;
  threshold: number;
  /** Mean training time per model (per fold under cross-validation). */
  train_ms: number;
  parse_ms_p50: number;
  parse_ms_p99: number;
  examples: { train: number; test: number; oos: number; intents: number; folds: number };
  perIntent: IntentMetrics[];
  confusions: { expected: string; predicted: string; count: number }[];
  tradeoff: { threshold: number; in_scope_accuracy: number; oos_recall: number | null }[];
}

interface Scored {
  expected: string | null;
  top: string | null;
  confidence: number;
  flagged: boolean;
}

const defaultFactory = (o: { threshold: number; margin?: number }): Nlu =>
  new EmbeddedNlu({ threshold: o.threshold, margin: o.margin });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

async function runSplit(
  train: readonly LabelledExample[],
  test: readonly LabelledExample[],
  o: EvaluateOptions,
  times: number[],
): Promise<{ scored: Scored[]; trainMs: number }> {
  const nlu = (o.nluFactory ?? defaultFactory)({ threshold: 0, margin: o.margin });
  // Out-of-scope training rows are passed on as OUT_OF_SCOPE_INTENT examples (unless turned off).
  const examples: TrainingExample[] = [];
  for (const r of train) {
    if (r.intent !== null) examples.push({ text: r.text, intent: r.intent });
    else if (o.trainOutOfScope !== false) examples.push({ text: r.text, intent: OUT_OF_SCOPE_INTENT });
  }
  const t0 = performance.now();
  await nlu.train(examples);
  const trainMs = performance.now() - t0;
  const scored: Scored[] = [];
  for (const r of test) {
    const t = performance.now();
    const res = await nlu.parse(r.text);
    times.push(performance.now() - t);
    const top = res.intent ?? res.ranking[0]?.intent ?? null;
    const flagged = res.outOfScope || (top !== null && isOutOfScopeLabel(top));
    scored.push({ expected: r.intent, top, confidence: res.confidence, flagged });
  }
  return { scored, trainMs };
}

const predicted = (s: Scored, threshold: number): string | null =>
  s.flagged || s.confidence < threshold || s.top === null ? null : s.top;

function rates(
  scored: readonly Scored[],
  threshold: number,
): { inScope: number; oos: number | null; all: number } {
  let inN = 0;
  let inOk = 0;
  let oosN = 0;
  let oosOk = 0;
  for (const s of scored) {
    const p = predicted(s, threshold);
    if (s.expected === null) {
      oosN++;
      if (p === null) oosOk++;
    } else {
      inN++;
      if (p === s.expected) inOk++;
    }
  }
  return {
    inScope: inN ? inOk / inN : 0,
    oos: oosN ? oosOk / oosN : null,
    all: scored.length ? (inOk + oosOk) / scored.length : 0,
  };
}

function perIntentMetrics(scored: readonly Scored[], threshold: number): IntentMetrics[] {
  const stats = new Map<string, { tp: number; fp: number; fn: number; support: number }>();
  const get = (k: string) => {
    let s = stats.get(k);
    if (!s) stats.set(k, (s = { tp: 0, fp: 0, fn: 0, support: 0 }));
    return s;
  };
  for (const s of scored) {
    const p = predicted(s, threshold);
    if (s.expected !== null) get(s.expected).support++;
    if (p === s.expected) {
      if (p !== null) get(p).tp++;
      continue;
    }
    if (s.expected !== null) get(s.expected).fn++;
    if (p !== null) get(p).fp++;
  }
  return [...stats.entries()]
    .filter(([, s]) => s.support > 0)
    .map(([intent, s]) => {
      const precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 0;
      const recall = s.support ? s.tp / s.support : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return { intent, precision, recall, f1, support: s.support };
    })
    .sort((a, b) => (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0));
}

function topConfusions(scored: readonly Scored[], threshold: number): EvaluationResult['confusions'] {
  const counts = new Map<string, { expected: string; predicted: string; count: number }>();
  for (const s of scored) {
    const p = predicted(s, threshold) ?? OOS_LABEL;
    const e = s.expected ?? OOS_LABEL;
    if (p === e) continue;
    const key = `${e}\u0000${p}`;
    const c = counts.get(key) ?? { expected: e, predicted: p, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || (a.expected + a.predicted < b.expected + b.predicted ? -1 : 1))
    .slice(0, 20);
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Trains and scores an NLU on a train/test split or by stratified cross-validation. */
export async function evaluate(o: EvaluateOptions): Promise<EvaluationResult> {
  const threshold = o.threshold ?? DEFAULT_THRESHOLD;
  const splits: [readonly LabelledExample[], readonly LabelledExample[]][] = [];
  if (o.test) {
    splits.push([o.train, o.test]);
  } else {
    const k = o.cv ?? 5;
    const fold = stratifiedFolds(
      o.train.map((r) => r.intent ?? `\u0000${OOS_LABEL}`),
      k,
      o.seed ?? 42,
    );
    for (let f = 0; f < k; f++) {
      splits.push([o.train.filter((_, i) => fold[i] !== f), o.train.filter((_, i) => fold[i] === f)]);
    }
  }
  const times: number[] = [];
  const folds: Scored[][] = [];
  const trainMs: number[] = [];
  for (const [train, test] of splits) {
    const r = await runSplit(train, test, o, times);
    folds.push(r.scored);
    trainMs.push(r.trainMs);
  }
  const all = folds.flat();
  const perFold = folds.map((s) => rates(s, threshold));
  const perFoldF1 = folds.map((s) => mean(perIntentMetrics(s, threshold).map((m) => m.f1)));
  const hasOos = all.some((s) => s.expected === null);
  const sweep = [...new Set([...(o.sweep ?? DEFAULT_SWEEP), threshold])].sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  const test = all.length;
  const oos = all.filter((s) => s.expected === null).length;
  return {
    accuracy: mean(perFold.map((r) => r.all)),
    macro_f1: mean(perFoldF1),
    oos_recall: hasOos ? mean(perFold.filter((r) => r.oos !== null).map((r) => r.oos as number)) : null,
    in_scope_accuracy: mean(perFold.map((r) => r.inScope)),
    threshold,
    train_ms: mean(trainMs),
    parse_ms_p50: percentile(times, 0.5),
    parse_ms_p99: percentile(times, 0.99),
    examples: {
      train: o.test ? o.train.length : Math.round(((splits.length - 1) / splits.length) * o.train.length),
      test,
      oos,
      intents: new Set(o.train.filter((r) => r.intent !== null).map((r) => r.intent)).size,
      folds: o.test ? 1 : splits.length,
    },
    perIntent: perIntentMetrics(all, threshold),
    confusions: topConfusions(all, threshold),
    tradeoff: sweep.map((t) => {
      const r = rates(all, t);
      return { threshold: t, in_scope_accuracy: r.inScope, oos_recall: r.oos };
    }),
  };
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);

/** A plain-text report of an evaluation. */
export function formatReport(r: EvaluationResult): string {
  const e = r.examples;
  const lines = [
    `NLU evaluation — ${e.folds > 1 ? `${e.folds}-fold cross-validation` : 'train/test split'}`,
    `  examples: ${e.test} scored (${e.oos} out of scope), ${e.intents} intents`,
    `  accuracy:            ${pct(r.accuracy)}`,
    `  in-scope accuracy:   ${pct(r.in_scope_accuracy)}`,
    `  macro F1:            ${pct(r.macro_f1)}`,
    `  out-of-scope recall: ${pct(r.oos_recall)}   (threshold ${r.threshold})`,
    `  train: ${r.train_ms.toFixed(0)} ms${e.folds > 1 ? ' per fold' : ''}; parse p50 ${r.parse_ms_p50.toFixed(3)} ms, p99 ${r.parse_ms_p99.toFixed(3)} ms`,
    '',
    'Threshold trade-off:',
    '  threshold  in-scope acc  oos recall',
    ...r.tradeoff.map(
      (t) =>
        `  ${t.threshold.toFixed(2).padStart(9)}  ${pct(t.in_scope_accuracy).padStart(12)}  ${pct(t.oos_recall).padStart(10)}`,
    ),
    '',
    'Weakest intents (by F1):',
    ...[...r.perIntent]
      .sort((a, b) => a.f1 - b.f1)
      .slice(0, 10)
      .map(
        (m) =>
          `  ${m.intent.padEnd(40)} F1 ${pct(m.f1).padStart(7)}  P ${pct(m.precision).padStart(7)}  R ${pct(m.recall).padStart(7)}  n=${m.support}`,
      ),
    '',
    'Top confusions (expected → predicted):',
    ...(r.confusions.length
      ? r.confusions.map((c) => `  ${String(c.count).padStart(4)}  ${c.expected} → ${c.predicted}`)
      : ['  (none)']),
  ];
  return lines.join('\n');
}
