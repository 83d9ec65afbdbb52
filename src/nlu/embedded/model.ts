/**
 * The trained classifier: a TF-IDF vectoriser feeding an ensemble of a one-vs-rest linear
 * SVM (word + char + word-pair views) and `mlpCount` small MLPs (word + char views, different
 * seeds). Their outputs become probabilities (softmax of the SVM margins × svmTemperature,
 * softmax of the MLP logits) and are averaged into one probability per label. On banking77 and
 * on demo-sized sets this average is well calibrated (expected calibration error ≈ 0.01–0.03).
 * Out-of-scope examples (given, or synthetic splices: `negatives.ts`) train one background
 * label; the training examples are kept as exemplars for `Prediction.nearest`.
 */
import { isOutOfScopeLabel, OUT_OF_SCOPE_INTENT, type TrainingExample } from '../types';
import { NluError } from './errors';
import { spliceNegatives } from './negatives';
import { buildExemplars, nearestSimilarity, type Exemplars } from './exemplars';
import { DEFAULT_MLP, mlpLogits, softmaxInPlace, trainMlp, type MlpOptions, type MlpWeights } from './mlp';
import { compareStrings } from './prng';
import { trainMlpInWorker } from './parallel';
import { DEFAULT_SVM, decision, toCsr, trainOvr, type Csr, type LinearWeights, type SvmOptions } from './svm';
import { normalizeText } from './tokenize';
import {
  combineViews,
  DEFAULT_FEATURES,
  Vectorizer,
  type FeatureOptions,
  type SparseVec,
  type VectorizerState,
  type ViewWeights,
} from './vectorizer';

export interface ModelOptions {
  features: FeatureOptions;
  /** View weights (word, char, pair) of the SVM input. */
  svmViews: ViewWeights;
  /** View weights (word, char, pair) of the MLP input; the pair weight must be 0. */
  mlpViews: ViewWeights;
  svm: SvmOptions;
  mlp: MlpOptions;
  /** Number of MLPs (different seeds) averaged; 0 = SVM only. */
  mlpCount: number;
  /** SVM margins are multiplied by this before the softmax. */
  svmTemperature: number;
  /** Weight of the MLP probabilities in the average (the SVM gets 1 − mlpShare). */
  mlpShare: number;
  /**
   * Synthetic out-of-scope examples (see `negatives.ts`) added to training, as a share of the
   * in-scope examples; 0 = none.
   */
  syntheticNegatives: number;
  /**
   * Only add them from this many in-scope examples on: with few examples a handful of splices
   * is noise that tips near-ties rather than a "none of the above" region (and small bots were
   * not measured to gain from them).
   */
  syntheticNegativesMinExamples: number;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  features: DEFAULT_FEATURES,
  svmViews: [0.3, 0.4, 0.3],
  mlpViews: [0.5, 0.5, 0],
  svm: DEFAULT_SVM,
  mlp: DEFAULT_MLP,
  mlpCount: 2,
  svmTemperature: 10,
  mlpShare: 0.7,
  syntheticNegatives: 0.06,
  syntheticNegativesMinExamples: 1000,
};

/** Deep-enough merge of partial options over the defaults. */
export function resolveModelOptions(o: PartialModelOptions = {}): ModelOptions {
  const d = DEFAULT_MODEL_OPTIONS;
  return {
    ...d,
    ...o,
    features: { ...d.features, ...o.features },
    svm: { ...d.svm, ...o.svm },
    mlp: { ...d.mlp, ...o.mlp },
  };
}

export type PartialModelOptions = Partial<Omit<ModelOptions, 'features' | 'svm' | 'mlp'>> & {
  features?: Partial<FeatureOptions>;
  svm?: Partial<SvmOptions>;
  mlp?: Partial<MlpOptions>;
};

export interface ModelParts {
  options: ModelOptions;
  labels: string[];
  vectorizer: VectorizerState;
  svm: LinearWeights;
  mlps: MlpWeights[];
  /** The training examples' word + char vectors, for {@link Prediction.nearest}. */
  exemplars: Exemplars;
}

export interface Prediction {
  /** Probability per label (same order as `labels`), summing to 1. */
  probs: Float64Array;
  /** Share of the message's char n-grams the vocabulary knows (0 = nothing recognisable). */
  charCoverage: number;
  /** Share of the message's words the vocabulary knows. */
  wordCoverage: number;
  /** Cosine similarity (word + char views) of the message to the closest example of a label. */
  nearest(label: number): number;
}

/** Canonical training order: by intent, then normalised text, then raw text. */
export function sortExamples(examples: readonly TrainingExample[]): TrainingExample[] {
  return [...examples].sort(
    (a, b) =>
      compareStrings(a.intent, b.intent) ||
      compareStrings(normalizeText(a.text), normalizeText(b.text)) ||
      compareStrings(a.text, b.text),
  );
}

interface Prepared {
  o: ModelOptions;
  labels: string[];
  y: Int32Array;
  vectorizer: Vectorizer;
  xs: Csr;
  xm: SparseVec[];
  mlpDim: number;
  t0: number;
  t1: number;
}

function prepare(examples: readonly TrainingExample[], options: PartialModelOptions): Prepared {
  const o = resolveModelOptions(options);
  if (o.mlpViews[2] !== 0)
    throw new NluError('TELLER_ERR_NLU_BAD_OPTIONS', 'mlpViews must give the pair view weight 0');
  // Every out-of-scope label ("oos", "OUT_OF_SCOPE"…) becomes one background class.
  const given = sortExamples(
    examples.map((e) => (isOutOfScopeLabel(e.intent) ? { text: e.text, intent: OUT_OF_SCOPE_INTENT } : e)),
  ).filter((e) => e.text.trim() !== '' && e.intent !== '');
  if (given.length === 0) {
    throw new NluError('TELLER_ERR_NLU_NO_EXAMPLES', 'Cannot train the NLU: no non-empty training examples');
  }
  const inScope = given.filter((e) => e.intent !== OUT_OF_SCOPE_INTENT).length;
  const share = inScope >= o.syntheticNegativesMinExamples ? o.syntheticNegatives : 0;
  const data = sortExamples([...given, ...spliceNegatives(given, share)]);
  const t0 = performance.now();
  const labels = [...new Set(data.map((e) => e.intent))].sort(compareStrings);
  const id = new Map(labels.map((l, i) => [l, i]));
  const y = Int32Array.from(data.map((e) => id.get(e.intent) as number));
  const { vectorizer, analysed } = Vectorizer.fit(
    data.map((e) => e.text),
    o.features,
  );
  const xs = toCsr(
    analysed.map((a) => combineViews(a.blocks, o.svmViews)),
    vectorizer.dimension,
  );
  const xm = analysed.map((a) => combineViews(a.blocks, wordChar(o)));
  const mlpDim = vectorizer.wordCharDimension;
  return { o, labels, y, vectorizer, xs, xm, mlpDim, t0, t1: performance.now() };
}

/** The word + char view mix (the MLPs' input, and the exemplars'). */
const wordChar = (o: ModelOptions): ViewWeights => [o.mlpViews[0], o.mlpViews[1], 0];

function mlpSeeds(o: ModelOptions): MlpOptions[] {
  return Array.from({ length: o.mlpCount }, (_, k) => ({ ...o.mlp, seed: o.mlp.seed + k }));
}

function finish(p: Prepared, svm: LinearWeights, mlps: MlpWeights[], t2: number): EmbeddedModel {
  const model = new EmbeddedModel({
    options: p.o,
    labels: p.labels,
    vectorizer: p.vectorizer.toState(),
    svm,
    mlps,
    exemplars: buildExemplars(p.xm, p.y, p.labels.length, p.mlpDim),
  });
  model.trainStats = {
    examples: p.y.length,
    features: p.vectorizer.dimension,
    vectorizeMs: p.t1 - p.t0,
    svmMs: t2 - p.t1,
    mlpMs: performance.now() - t2,
  };
  return model;
}

export class EmbeddedModel {
  readonly labels: string[];
  readonly options: ModelOptions;
  readonly vectorizer: Vectorizer;
  private readonly parts: ModelParts;
  private scratch: Float32Array | undefined;
  /** Where training time went (set by {@link EmbeddedModel.train}, absent on loaded models). */
  trainStats?: { examples: number; features: number; vectorizeMs: number; svmMs: number; mlpMs: number };

  constructor(parts: ModelParts) {
    this.parts = parts;
    this.labels = parts.labels;
    this.options = parts.options;
    this.vectorizer = new Vectorizer(parts.vectorizer);
  }

  /** Trains on `examples` in the calling thread; the result does not depend on their order. */
  static train(examples: readonly TrainingExample[], options: PartialModelOptions = {}): EmbeddedModel {
    const p = prepare(examples, options);
    const svm = trainOvr(p.xs, p.y, p.labels.length, p.o.svm);
    const t2 = performance.now();
    const mlps = mlpSeeds(p.o).map((mo) => trainMlp(p.xm, p.y, p.mlpDim, p.labels.length, mo));
    return finish(p, svm, mlps, t2);
  }

  /**
   * Same model as {@link train}, bit for bit, but with the MLPs trained in worker threads while
   * the SVM trains here — when there are at least `parallelMinExamples` examples (default 2000;
   * below that, thread start-up costs more than it saves).
   */
  static async trainAsync(
    examples: readonly TrainingExample[],
    options: PartialModelOptions = {},
    { parallelMinExamples = 2000 }: { parallelMinExamples?: number } = {},
  ): Promise<EmbeddedModel> {
    if (examples.length < parallelMinExamples || mlpSeeds(resolveModelOptions(options)).length === 0) {
      return EmbeddedModel.train(examples, options);
    }
    const p = prepare(examples, options);
    const pending = mlpSeeds(p.o).map((mo) => trainMlpInWorker(p.xm, p.y, p.mlpDim, p.labels.length, mo));
    const svm = trainOvr(p.xs, p.y, p.labels.length, p.o.svm);
    const t2 = performance.now();
    const mlps = await Promise.all(pending);
    return finish(p, svm, mlps, t2);
  }

  /**
   * The word + char vector scaled per view by the share of the norm known terms carry, so its
   * cosine to an exemplar counts unknown words as mismatches ("where is the nearest hospital"
   * is not "where is the nearest atm" minus a word).
   */
  private familiarityQuery(xm: SparseVec, known: readonly [number, number, number]): SparseVec {
    if (known[0] === 1 && known[1] === 1) return xm;
    const wordDim = this.vectorizer.vocab[0].length;
    const values = new Float32Array(xm.values.length);
    for (let p = 0; p < values.length; p++)
      values[p] = (xm.values[p] as number) * ((xm.indices[p] as number) < wordDim ? known[0] : known[1]);
    return { indices: xm.indices, values };
  }

  toParts(): ModelParts {
    return this.parts;
  }

  predict(text: string): Prediction {
    const o = this.options;
    const { svm, mlps, exemplars } = this.parts;
    const a = this.vectorizer.analyse(text);
    const xm = combineViews(a.blocks, wordChar(o));
    const probs = decision(svm, combineViews(a.blocks, o.svmViews));
    for (let c = 0; c < probs.length; c++) probs[c] = (probs[c] as number) * o.svmTemperature;
    softmaxInPlace(probs);
    if (mlps.length > 0) {
      const share = o.mlpShare / mlps.length;
      for (let c = 0; c < probs.length; c++) probs[c] = (probs[c] as number) * (1 - o.mlpShare);
      const logits = new Float64Array(probs.length);
      for (const m of mlps) {
        softmaxInPlace(mlpLogits(m, xm, logits));
        for (let c = 0; c < probs.length; c++)
          probs[c] = (probs[c] as number) + share * (logits[c] as number);
      }
    }
    const nearest = (label: number): number => {
      this.scratch ??= new Float32Array(exemplars.dim);
      return nearestSimilarity(exemplars, label, this.familiarityQuery(xm, a.knownNorm), this.scratch);
    };
    return { probs, charCoverage: a.charCoverage, wordCoverage: a.wordCoverage, nearest };
  }
}
