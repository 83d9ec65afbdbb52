/**
 * The trained classifier: a TF-IDF vectoriser feeding an ensemble of a one-vs-rest linear
 * SVM (word + char + word-pair views) and a small MLP (word + char views). Their outputs are
 * turned into probabilities (temperature softmax for the SVM margins, softmax for the MLP)
 * and averaged; the average is the calibrated confidence.
 */
import type { TrainingExample } from '../types';
import { NluError } from './errors';
import { DEFAULT_MLP, mlpLogits, softmaxInPlace, trainMlp, type MlpOptions, type MlpWeights } from './mlp';
import { compareStrings } from './prng';
import { DEFAULT_SVM, decision, toCsr, trainOvr, type LinearWeights, type SvmOptions } from './svm';
import { normalizeText } from './tokenize';
import {
  combineViews,
  DEFAULT_FEATURES,
  Vectorizer,
  type FeatureOptions,
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
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  features: DEFAULT_FEATURES,
  svmViews: [0.3, 0.4, 0.3],
  mlpViews: [0.5, 0.5, 0],
  svm: DEFAULT_SVM,
  mlp: DEFAULT_MLP,
  mlpCount: 1,
  svmTemperature: 10,
  mlpShare: 0.6,
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
}

export interface Prediction {
  /** Probability per label (same order as `labels`), summing to 1. */
  probs: Float64Array;
  /** Share of the message's char n-grams the vocabulary knows (0 = nothing recognisable). */
  charCoverage: number;
  /** Share of the message's words the vocabulary knows. */
  wordCoverage: number;
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

export class EmbeddedModel {
  readonly labels: string[];
  readonly options: ModelOptions;
  readonly vectorizer: Vectorizer;
  private readonly parts: ModelParts;

  constructor(parts: ModelParts) {
    this.parts = parts;
    this.labels = parts.labels;
    this.options = parts.options;
    this.vectorizer = new Vectorizer(parts.vectorizer);
  }

  /** Trains on `examples`; the result does not depend on their order. */
  static train(examples: readonly TrainingExample[], options: PartialModelOptions = {}): EmbeddedModel {
    const o = resolveModelOptions(options);
    const data = sortExamples(examples).filter((e) => e.text.trim() !== '' && e.intent !== '');
    if (data.length === 0) {
      throw new NluError('TELLER_ERR_NLU_NO_EXAMPLES', 'Cannot train the NLU: no non-empty training examples');
    }
    const labels = [...new Set(data.map((e) => e.intent))].sort(compareStrings);
    const id = new Map(labels.map((l, i) => [l, i]));
    const y = Int32Array.from(data.map((e) => id.get(e.intent) as number));
    const { vectorizer, analysed } = Vectorizer.fit(
      data.map((e) => e.text),
      o.features,
    );
    const xs = analysed.map((a) => combineViews(a.blocks, o.svmViews));
    const svm = trainOvr(toCsr(xs, vectorizer.dimension), y, labels.length, o.svm);
    const mlps: MlpWeights[] = [];
    if (o.mlpCount > 0) {
      const xm = analysed.map((a) => combineViews(a.blocks, [o.mlpViews[0], o.mlpViews[1], 0]));
      for (let k = 0; k < o.mlpCount; k++) {
        const mo = { ...o.mlp, seed: o.mlp.seed + k };
        mlps.push(trainMlp(xm, y, vectorizer.wordCharDimension, labels.length, mo));
      }
    }
    return new EmbeddedModel({ options: o, labels, vectorizer: vectorizer.toState(), svm, mlps });
  }

  toParts(): ModelParts {
    return this.parts;
  }

  predict(text: string): Prediction {
    const o = this.options;
    const { svm, mlps } = this.parts;
    const a = this.vectorizer.analyse(text);
    const probs = decision(svm, combineViews(a.blocks, o.svmViews));
    for (let c = 0; c < probs.length; c++) probs[c] = (probs[c] as number) * o.svmTemperature;
    softmaxInPlace(probs);
    if (mlps.length > 0) {
      const share = o.mlpShare / mlps.length;
      for (let c = 0; c < probs.length; c++) probs[c] = (probs[c] as number) * (1 - o.mlpShare);
      const xm = combineViews(a.blocks, [o.mlpViews[0], o.mlpViews[1], 0]);
      const logits = new Float64Array(probs.length);
      for (const m of mlps) {
        softmaxInPlace(mlpLogits(m, xm, logits));
        for (let c = 0; c < probs.length; c++) probs[c] = (probs[c] as number) + share * (logits[c] as number);
      }
    }
    return { probs, charCoverage: a.charCoverage, wordCoverage: a.wordCoverage };
  }
}
