/**
 * The embedded intent classifier: no network, no downloaded model. See `model.ts` for the
 * algorithm; this file adapts it to the engine's {@link Nlu} interface and adds the
 * out-of-scope rule, entity extraction hook, persistence and caching.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isOutOfScopeLabel } from '../types';
import type { Entities, Nlu, NluResult, ParseContext, RankedIntent, TrainingExample } from '../types';
import { loadOrTrain } from './cache';
import { NluError } from './errors';
import { EmbeddedModel, type PartialModelOptions } from './model';
import {
  modelFromBuffer,
  modelFromJSON,
  modelToBuffer,
  modelToJSON,
  type SerializedModel,
} from './serialize';

export { loadOrTrain, trainingKey, type LoadOrTrainOptions, type LoadOrTrainResult } from './cache';
export { NluError, type NluErrorCode } from './errors';
export { DEFAULT_MODEL_OPTIONS, EmbeddedModel, type ModelOptions, type PartialModelOptions } from './model';
export { MODEL_FORMAT_VERSION, type SerializedModel } from './serialize';
export { normalizeText, tokenize } from './tokenize';

/**
 * Default: flag out of scope when the best intent's confidence (its probability scaled by
 * familiarity, see {@link DEFAULT_FAMILIARITY}) is below this. Chosen as the highest threshold
 * keeping in-scope accuracy ≥ 90 % on all 77 banking77 intents (5-fold CV: 90.2 %), a harder
 * set than CLINC150; see README.md for the out-of-scope recall it buys.
 */
export const DEFAULT_THRESHOLD = 0.25;
/**
 * Default: flag out of scope when the best two intents' confidences are closer than this, so a
 * near-tie gets "Did you mean…?" rather than a coin toss. Kept small: on banking77 a margin
 * only moves along the threshold's trade-off curve (0.02 costs 0.1 point of in-scope accuracy).
 */
export const DEFAULT_MARGIN = 0.02;
/** Default: flag out of scope when less than this share of the message's char n-grams is known. */
export const DEFAULT_MIN_COVERAGE = 0.5;
/**
 * Default familiarity scale: when the message's cosine similarity to the closest training
 * example of the chosen intent is below this, every confidence is multiplied by
 * similarity / this. Probabilities say which intent fits best; this says whether the message
 * looks like anything the intent was taught with.
 */
export const DEFAULT_FAMILIARITY = 0.5;
/**
 * Default: the message is ambiguous — out of scope, so the engine can ask "Did you mean…?" —
 * when it (nearly) repeats a training example of the winner and one of the runner-up (the
 * same phrase taught to two intents) and the two confidences are within this: with the same
 * evidence for both, which one the classifiers lean to is arbitrary. No cost on banking77.
 */
export const DEFAULT_AMBIGUITY = 0.5;

export type EntityExtractor = (text: string, ctx?: ParseContext) => Entities | Promise<Entities>;

export interface EmbeddedNluOptions {
  /** Out of scope when the top confidence is below this (default {@link DEFAULT_THRESHOLD}). */
  threshold?: number;
  /** Out of scope when top1 − top2 confidence is below this (default {@link DEFAULT_MARGIN}). */
  margin?: number;
  /** Out of scope when the vocabulary knows less than this share of the message's char n-grams. */
  minCoverage?: number;
  /** Familiarity scale (default {@link DEFAULT_FAMILIARITY}); 0 turns the nearest-example check off. */
  familiarity?: number;
  /** Confidence gap under which equally close examples make a message ambiguous ({@link DEFAULT_AMBIGUITY}; 0 = off). */
  ambiguity?: number;
  /** Fills `entities`; without one, `entities` is `{}`. */
  entityExtractor?: EntityExtractor;
  /** When set, `train` loads/stores the model in this directory, keyed by the training data. */
  cacheDir?: string;
  /** Classifier hyper-parameters (defaults tuned on banking77). */
  model?: PartialModelOptions;
}

/** An {@link NluResult} without entities: what the classifier alone decides. */
export type Classification = Omit<NluResult, 'entities'>;

export interface TrainInfo {
  ms: number;
  /** Whether the model came from the cache (false when no cacheDir). */
  cacheHit: boolean;
  examples: number;
  intents: number;
}

function checkUnit(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new NluError('TELLER_ERR_NLU_BAD_OPTIONS', `${name} must be a number in [0, 1], got ${String(v)}`);
  }
  return v;
}

// Bound once: under jest 30 every global lookup (`Math`) goes through a slow proxy.
const { min } = Math;

/** How much less close the runner-up's nearest example may be and still count as "as close". */
const AMBIGUITY_SLACK = 0.02;
/** Ambiguity needs a (near-)copy of an example: the winner's closest at least this similar. */
const AMBIGUITY_SIMILARITY = 0.9;

const backgrounds = new WeakMap<EmbeddedModel, Uint8Array>();

/** 1 for the model's out-of-scope (background) labels, per label index. */
function backgroundOf(model: EmbeddedModel): Uint8Array {
  let mask = backgrounds.get(model);
  if (!mask) {
    mask = Uint8Array.from(model.labels, (l) => (isOutOfScopeLabel(l) ? 1 : 0));
    backgrounds.set(model, mask);
  }
  return mask;
}

export class EmbeddedNlu implements Nlu {
  readonly threshold: number;
  readonly margin: number;
  readonly minCoverage: number;
  readonly familiarity: number;
  readonly ambiguity: number;
  private readonly options: EmbeddedNluOptions;
  private current: EmbeddedModel | undefined;
  private info: TrainInfo | undefined;

  constructor(options: EmbeddedNluOptions = {}) {
    this.options = options;
    this.threshold = checkUnit('threshold', options.threshold, DEFAULT_THRESHOLD);
    this.margin = checkUnit('margin', options.margin, DEFAULT_MARGIN);
    this.minCoverage = checkUnit('minCoverage', options.minCoverage, DEFAULT_MIN_COVERAGE);
    this.familiarity = checkUnit('familiarity', options.familiarity, DEFAULT_FAMILIARITY);
    this.ambiguity = checkUnit('ambiguity', options.ambiguity, DEFAULT_AMBIGUITY);
  }

  /** The trained model, if any. */
  get model(): EmbeddedModel | undefined {
    return this.current;
  }

  /** Timing and cache information about the last `train` call. */
  get lastTrain(): TrainInfo | undefined {
    return this.info;
  }

  /**
   * Trains on `examples` (or loads the cached model for them when `cacheDir` is set). Large
   * training sets use worker threads; the model is the same either way.
   */
  async train(examples: TrainingExample[]): Promise<void> {
    const t0 = performance.now();
    let cacheHit = false;
    let model: EmbeddedModel;
    if (this.options.cacheDir) {
      const r = await loadOrTrain(examples, { cacheDir: this.options.cacheDir, model: this.options.model });
      model = r.model;
      cacheHit = r.hit;
    } else {
      model = await EmbeddedModel.trainAsync(examples, this.options.model);
    }
    this.current = model;
    this.info = {
      ms: performance.now() - t0,
      cacheHit,
      examples: examples.length,
      intents: model.labels.length,
    };
  }

  async parse(text: string, context?: ParseContext): Promise<NluResult> {
    const c = this.classify(text);
    const entities = this.options.entityExtractor ? await this.options.entityExtractor(text, context) : {};
    return { ...c, entities };
  }

  /** Intent, confidence, ranking and out-of-scope flag for `text` (no entity extraction). */
  classify(text: string): Classification {
    const model = this.current;
    if (!model) {
      throw new NluError(
        'TELLER_ERR_NLU_NOT_TRAINED',
        'EmbeddedNlu.parse was called before train() or load()',
      );
    }
    const { probs, charCoverage, nearest } = model.predict(text);
    const order = Array.from(probs.keys()).sort(
      (a, b) => (probs[b] as number) - (probs[a] as number) || a - b,
    );
    // Out-of-scope examples (given as "oos" rows, or synthetic) form a background class: it never
    // appears in the ranking, and the message is out of scope when it is the most likely class.
    const isBackground = backgroundOf(model);
    const background = order[0] !== undefined && isBackground[order[0]] === 1;
    const intents = order.filter((i) => isBackground[i] !== 1);
    const best = intents[0];
    const closest = best !== undefined && (this.familiarity > 0 || this.ambiguity > 0) ? nearest(best) : 1;
    const scale = this.familiarity > 0 ? min(1, closest / this.familiarity) : 1;
    const ranking: RankedIntent[] = intents.slice(0, 5).map((i) => ({
      intent: model.labels[i] as string,
      confidence: (probs[i] as number) * scale,
    }));
    const top = ranking[0]?.confidence ?? 0;
    const second = ranking[1]?.confidence ?? 0;
    const runnerUp = intents[1];
    const ambiguous =
      runnerUp !== undefined &&
      top - second < this.ambiguity &&
      closest >= AMBIGUITY_SIMILARITY &&
      nearest(runnerUp) >= closest - AMBIGUITY_SLACK;
    const outOfScope =
      text.trim() === '' ||
      background ||
      top < this.threshold ||
      top - second < this.margin ||
      ambiguous ||
      charCoverage < this.minCoverage;
    return { intent: outOfScope ? null : (ranking[0]?.intent ?? null), confidence: top, ranking, outOfScope };
  }

  /** The trained model as a JSON-compatible object. */
  toJSON(): SerializedModel {
    return modelToJSON(this.requireModel());
  }

  /** A trained instance from {@link toJSON} output. */
  static fromJSON(json: unknown, options: EmbeddedNluOptions = {}): EmbeddedNlu {
    const nlu = new EmbeddedNlu(options);
    nlu.current = modelFromJSON(json);
    return nlu;
  }

  /** Writes the model in the compact binary format. */
  save(path: string): void {
    writeFileSync(path, modelToBuffer(this.requireModel()));
  }

  /** A trained instance from a file written by {@link save} (or by the cache). */
  static load(path: string, options: EmbeddedNluOptions = {}): EmbeddedNlu {
    const nlu = new EmbeddedNlu(options);
    nlu.current = modelFromBuffer(readFileSync(path));
    return nlu;
  }

  private requireModel(): EmbeddedModel {
    if (!this.current)
      throw new NluError('TELLER_ERR_NLU_NOT_TRAINED', 'The embedded NLU has not been trained');
    return this.current;
  }
}
