/**
 * Out-of-scope simulation on a labelled CSV (banking77 by default): whole intents are held
 * out as "unseen" and must be flagged out of scope, while the rest must still be classified.
 *
 *   npx tsx bench/nlu-oos-sim.ts [csv] [--regime large|small|both] [--folds 5]
 *
 * - large: 5-fold CV over all intents minus 20 % held out (rotating with the fold);
 * - small: demo-bot sized — 10 random intents × 20 examples for training, tested on their
 *   other examples and on examples of 10 other intents (OOS); repeated 10 times.
 * Both regimes also score 40 hand-written out-of-domain queries (weather, music, trivia…).
 * Prints JSON: calibration (ECE, mean confidence vs accuracy) and a (threshold, margin,
 * minCoverage) grid of in-scope accuracy, unseen-intent recall (`oos_recall`) and
 * out-of-domain recall (`ood_recall`).
 */
import { readExamplesCsv } from '../src/nlu/csv';
import { EmbeddedNlu } from '../src/nlu/embedded';
import type { PartialModelOptions } from '../src/nlu/embedded/model';
import { mulberry32, shuffleInPlace } from '../src/nlu/embedded/prng';

interface Row {
  text: string;
  intent: string;
}
/** Marks out-of-domain rows (reported separately from unseen in-domain intents). */
const OOD = '\u0000ood';

interface Scored {
  expected: string | null;
  top: string;
  /** Won by the background class (out-of-scope examples). */
  background: boolean;
  p1: number;
  p2: number;
  coverage: number;
}

const OPTS = JSON.parse(process.env.NLU_MODEL_OPTIONS ?? '{}') as PartialModelOptions;
/** Hand-written out-of-domain queries (CLINC150-style domains with no banking intent). */
const OUT_OF_DOMAIN = [
  'what is the weather like in paris tomorrow',
  'will it snow this weekend',
  'play some jazz music',
  'skip this song',
  'set an alarm for 7 am',
  'remind me to call mum at six',
  'how do i make a chocolate cake',
  'what can i cook with chicken and rice',
  'how many calories are in an avocado',
  'book a table for two at an italian restaurant',
  'what time does the museum open',
  'find me a flight to new york next friday',
  'how long is the drive to edinburgh',
  'is my train on time',
  'translate good morning into spanish',
  'what does serendipity mean',
  'who wrote pride and prejudice',
  'what is the capital of australia',
  'how tall is mount everest',
  'tell me a joke',
  'tell me a fun fact',
  'what is your favourite film',
  'do you have any pets',
  'are you a robot',
  'how old are you',
  'turn off the lights in the kitchen',
  'set the thermostat to 21 degrees',
  'when is my next meeting',
  'schedule a meeting with john on monday',
  'how much oil does my car need',
  'when should i rotate my tyres',
  'what is the score of the cricket match',
  'who won the world cup in 2018',
  'recommend a good book',
  'what should i watch tonight',
  'how do i say thank you in japanese',
  'what is the square root of 144',
  'roll a dice',
  'flip a coin',
  'what day is it today',
];

const THRESHOLDS = [0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];
const MARGINS = [0, 0.05, 0.1];
const COVERAGE = [0, 0.5];

/** The NLU's own scores (familiarity-scaled confidences), with every out-of-scope rule off. */
async function trainNlu(rows: Row[]): Promise<EmbeddedNlu> {
  const nlu = new EmbeddedNlu({ threshold: 0, margin: 0, minCoverage: 0, model: OPTS });
  await nlu.train(rows);
  return nlu;
}

async function score(nlu: EmbeddedNlu, test: { text: string; expected: string | null }[]): Promise<Scored[]> {
  return test.map(({ text, expected }) => {
    const c = nlu.classify(text);
    return {
      expected,
      top: c.ranking[0]?.intent ?? '',
      background: c.outOfScope && text.trim() !== '',
      p1: c.confidence,
      p2: c.ranking[1]?.confidence ?? 0,
      coverage: nlu.model?.predict(text).charCoverage ?? 1,
    };
  });
}

function grid(scored: Scored[]) {
  const out = [];
  for (const minCoverage of COVERAGE) {
    for (const margin of MARGINS) {
      for (const threshold of THRESHOLDS) {
        let inN = 0;
        let inOk = 0;
        let oosN = 0;
        let oosOk = 0;
        let oodN = 0;
        let oodOk = 0;
        for (const s of scored) {
          const flagged =
            s.background || s.p1 < threshold || s.p1 - s.p2 < margin || s.coverage < minCoverage;
          if (s.expected === OOD) {
            oodN++;
            if (flagged) oodOk++;
          } else if (s.expected === null) {
            oosN++;
            if (flagged) oosOk++;
          } else {
            inN++;
            if (!flagged && s.top === s.expected) inOk++;
          }
        }
        out.push({
          threshold,
          margin,
          minCoverage,
          in_scope_accuracy: Number((inOk / inN).toFixed(4)),
          oos_recall: Number((oosOk / oosN).toFixed(4)),
          ood_recall: Number((oodOk / oodN).toFixed(4)),
        });
      }
    }
  }
  return out;
}

function calibration(scored: Scored[]) {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, acc: 0 }));
  let ece = 0;
  const inScope = scored.filter((s) => s.expected !== null && s.expected !== OOD);
  for (const s of inScope) {
    const b = bins[Math.min(9, Math.floor(s.p1 * 10))] as { n: number; conf: number; acc: number };
    b.n++;
    b.conf += s.p1;
    b.acc += s.top === s.expected ? 1 : 0;
  }
  for (const b of bins) if (b.n) ece += Math.abs(b.acc - b.conf) / inScope.length;
  return {
    ece: Number(ece.toFixed(4)),
    accuracy: Number((inScope.filter((s) => s.top === s.expected).length / inScope.length).toFixed(4)),
    mean_confidence: Number((inScope.reduce((a, s) => a + s.p1, 0) / inScope.length).toFixed(4)),
    bins: bins.map((b, i) => ({
      bin: `${i / 10}-${(i + 1) / 10}`,
      n: b.n,
      conf: b.n ? Number((b.conf / b.n).toFixed(3)) : null,
      acc: b.n ? Number((b.acc / b.n).toFixed(3)) : null,
    })),
  };
}

function byIntent(rows: Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) m.set(r.intent, [...(m.get(r.intent) ?? []), r]);
  return m;
}

async function large(rows: Row[], folds: number): Promise<Scored[]> {
  const intents = [...byIntent(rows).keys()].sort();
  const rng = mulberry32(11);
  shuffleInPlace(intents, rng);
  const order = rows.map((_, i) => i);
  shuffleInPlace(order, rng);
  const fold = new Int32Array(rows.length);
  order.forEach((i, k) => (fold[i] = k % folds));
  const all: Scored[] = [];
  for (let f = 0; f < folds; f++) {
    const unseen = new Set(intents.filter((_, k) => k % folds === f));
    const train = rows.filter((r, i) => fold[i] !== f && !unseen.has(r.intent));
    const test = rows
      .filter((_, i) => fold[i] === f)
      .map((r) => ({ text: r.text, expected: unseen.has(r.intent) ? null : r.intent }));
    test.push(...OUT_OF_DOMAIN.map((text) => ({ text, expected: OOD })));
    all.push(...(await score(await trainNlu(train), test)));
    console.error(`large fold ${f}: trained on ${train.length}, ${unseen.size} unseen intents`);
  }
  return all;
}

async function small(rows: Row[], trials: number): Promise<Scored[]> {
  const groups = byIntent(rows);
  const intents = [...groups.keys()].sort();
  const all: Scored[] = [];
  for (let t = 0; t < trials; t++) {
    const rng = mulberry32(100 + t);
    const pick = [...intents];
    shuffleInPlace(pick, rng);
    const known = pick.slice(0, 10);
    const unknown = pick.slice(10, 20);
    const train: Row[] = [];
    const test: { text: string; expected: string | null }[] = [];
    for (const intent of known) {
      const ex = [...(groups.get(intent) ?? [])];
      shuffleInPlace(ex, rng);
      train.push(...ex.slice(0, 20));
      test.push(...ex.slice(20, 50).map((r) => ({ text: r.text, expected: intent })));
    }
    for (const intent of unknown) {
      const ex = [...(groups.get(intent) ?? [])];
      shuffleInPlace(ex, rng);
      test.push(...ex.slice(0, 30).map((r) => ({ text: r.text, expected: null })));
    }
    test.push(...OUT_OF_DOMAIN.map((text) => ({ text, expected: OOD })));
    const t0 = performance.now();
    const nlu = await trainNlu(train);
    console.error(
      `small trial ${t}: trained on ${train.length} in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    all.push(...(await score(nlu, test)));
  }
  return all;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const path =
    args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--')) ??
    '/work/shared/datasets/banking77-train.csv';
  const regime = args.includes('--regime') ? args[args.indexOf('--regime') + 1] : 'both';
  const folds = args.includes('--folds') ? Number(args[args.indexOf('--folds') + 1]) : 5;
  const rows = readExamplesCsv(path).filter((r): r is Row => r.intent !== null);
  const out: Record<string, unknown> = {};
  for (const [name, run] of [
    ['small', () => small(rows, 10)],
    ['large', () => large(rows, folds)],
  ] as const) {
    if (regime !== 'both' && regime !== name) continue;
    const scored = await run();
    out[name] = { calibration: calibration(scored), grid: grid(scored) };
  }
  console.log(JSON.stringify(out));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
