/**
 * The embedded intent classifier: no network, no downloaded model. See `model.ts` for the
 * algorithm; this file adapts it to the engine's {@link Nlu} interface and adds the
 * out-of-scope rule, entity extraction hook, persistence and caching.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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
 * Default: flag out of scope when the best intent's probability is below this. Chosen with
 * `bench/nlu-oos-sim.ts` (banking77, whole intents held out as unseen) as the highest threshold
 * keeping in-scope accuracy ≥ 90 % with many intents: 62 known intents → 90.2 % in-scope
 * accuracy, 46 % of unseen banking intents and 82 % of out-of-domain queries flagged; a
 * demo-sized bot (10 intents × 20 examples) → 93.3 %, 45 % and 78 %.
 */
export const DEFAULT_THRESHOLD = 0.55;
/**
 * Default: flag out of scope when the best two intents are closer than this. With the default
 * threshold it never binds (top ≥ 0.55 implies top − second ≥ 0.1); it keeps ambiguous
 * messages out when the threshold is lowered.
 */
export const DEFAULT_MARGIN = 0.1;
/** Default: flag out of scope when less than this share of the message's char n-grams is known. */
export const DEFAULT_MIN_COVERAGE = 0.5;

export type EntityExtractor = (text: string, ctx?: ParseContext) => Entities | Promise<Entities>;

export interface EmbeddedNluOptions {
  /** Out of scope when the top confidence is below this (default {@link DEFAULT_THRESHOLD}). */
  threshold?: number;
  /** Out of scope when top1 − top2 confidence is below this (default {@link DEFAULT_MARGIN}). */
  margin?: number;
  /** Out of scope when the vocabulary knows less than this share of the message's char n-grams. */
  minCoverage?: number;
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

export class EmbeddedNlu implements Nlu {
  readonly threshold: number;
  readonly margin: number;
  readonly minCoverage: number;
  private readonly options: EmbeddedNluOptions;
  private current: EmbeddedModel | undefined;
  private info: TrainInfo | undefined;

  constructor(options: EmbeddedNluOptions = {}) {
    this.options = options;
    this.threshold = checkUnit('threshold', options.threshold, DEFAULT_THRESHOLD);
    this.margin = checkUnit('margin', options.margin, DEFAULT_MARGIN);
    this.minCoverage = checkUnit('minCoverage', options.minCoverage, DEFAULT_MIN_COVERAGE);
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
    const { probs, charCoverage } = model.predict(text);
    const order = Array.from(probs.keys()).sort(
      (a, b) => (probs[b] as number) - (probs[a] as number) || a - b,
    );
    const ranking: RankedIntent[] = order.slice(0, 5).map((i) => ({
      intent: model.labels[i] as string,
      confidence: probs[i] as number,
    }));
    const top = ranking[0]?.confidence ?? 0;
    const second = ranking[1]?.confidence ?? 0;
    const outOfScope =
      text.trim() === '' ||
      top < this.threshold ||
      top - second < this.margin ||
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
