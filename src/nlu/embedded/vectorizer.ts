/**
 * TF-IDF vectoriser over three views of a message, with a vocabulary learned from the
 * training texts (each view sorted, so feature indices never depend on insertion order):
 *
 * - `word`: word n-grams (default 1–2);
 * - `char`: char n-grams inside word boundaries (sklearn's `char_wb`, default 2–5), robust to typos;
 * - `pair`: unordered pairs of words at distance 2..pairWindow ("card … arrive").
 *
 * Feature indices are laid out word, char, pair — so a model that ignores pairs can use the
 * prefix [0, wordCharDimension). Each view gets sublinear TF (1 + ln tf) × smoothed IDF and is
 * L2-normalised on its own; {@link combineViews} then mixes the views with per-model weights.
 */
import { compareStrings } from './prng';
import { charNgrams, tokenize, wordNgrams } from './tokenize';

export interface FeatureOptions {
  wordMinN: number;
  wordMaxN: number;
  charMinN: number;
  charMaxN: number;
  /** Unordered word pairs at distance 2..pairWindow form the pair view; 0 = no pair view. */
  pairWindow: number;
  /** Word and char terms must occur in at least this many training texts. */
  minDf: number;
  /** Pair terms must occur in at least this many training texts (pairs are mostly unique). */
  pairMinDf: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  wordMinN: 1,
  wordMaxN: 2,
  charMinN: 2,
  charMaxN: 5,
  pairWindow: 20,
  minDf: 1,
  pairMinDf: 2,
};

/** Weights of the word, char and pair views; normalised to sum 1 when combined. */
export type ViewWeights = readonly [word: number, char: number, pair: number];

/** A sparse vector with strictly increasing indices. */
export interface SparseVec {
  indices: Int32Array;
  values: Float32Array;
}

/** One message as three unit-norm view blocks plus what share of it the vocabulary knew. */
export interface Analysed {
  blocks: [SparseVec, SparseVec, SparseVec];
  /** Fraction of the message's char n-grams present in the vocabulary (1 for empty text). */
  charCoverage: number;
  /** Fraction of the message's word tokens present in the vocabulary (1 for empty text). */
  wordCoverage: number;
}

export interface VectorizerState {
  options: FeatureOptions;
  /** Sorted vocabulary per view: word, char, pair. */
  vocab: [string[], string[], string[]];
  /** IDF per feature index (views concatenated in the order above). */
  idf: Float32Array;
}

type Terms = [string[], string[], string[]];
const EMPTY: SparseVec = { indices: new Int32Array(0), values: new Float32Array(0) };

function analyse(text: string, o: FeatureOptions): { terms: Terms; tokens: string[] } {
  const tokens = tokenize(text);
  const pairs: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i + 2; j <= i + o.pairWindow && j < tokens.length; j++) {
      const a = tokens[i] as string;
      const b = tokens[j] as string;
      pairs.push(a < b ? `${a} ${b}` : `${b} ${a}`);
    }
  }
  const words = o.wordMaxN > 0 ? wordNgrams(tokens, o.wordMinN, o.wordMaxN) : [];
  const chars = o.charMaxN > 0 ? charNgrams(tokens, o.charMinN, o.charMaxN) : [];
  return { terms: [words, chars, pairs], tokens };
}

/** Mixes unit-norm view blocks into one vector with ‖x‖² = 1 (when all views are non-empty). */
export function combineViews(blocks: readonly SparseVec[], weights: ViewWeights): SparseVec {
  const total = weights[0] + weights[1] + weights[2] || 1;
  let nnz = 0;
  blocks.forEach((b, v) => {
    if ((weights[v] as number) > 0) nnz += b.indices.length;
  });
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  blocks.forEach((b, v) => {
    const w = weights[v] as number;
    if (w <= 0) return;
    const s = Math.sqrt(w / total);
    indices.set(b.indices, p);
    for (let q = 0; q < b.values.length; q++) values[p + q] = (b.values[q] as number) * s;
    p += b.indices.length;
  });
  return { indices, values };
}

export class Vectorizer {
  readonly options: FeatureOptions;
  readonly vocab: [string[], string[], string[]];
  readonly idf: Float32Array;
  private readonly index: Map<string, number>[];
  private readonly unigrams = new Set<string>();

  constructor(state: VectorizerState) {
    this.options = state.options;
    this.vocab = state.vocab;
    this.idf = state.idf;
    let off = 0;
    this.index = state.vocab.map((terms) => {
      const map = new Map<string, number>();
      for (let i = 0; i < terms.length; i++) map.set(terms[i] as string, off + i);
      off += terms.length;
      return map;
    });
    for (const w of state.vocab[0]) if (!w.includes(' ')) this.unigrams.add(w);
  }

  /** Learns vocabulary and IDF from `texts`; also returns the texts' analyses (one pass). */
  static fit(texts: readonly string[], options: FeatureOptions): { vectorizer: Vectorizer; analysed: Analysed[] } {
    const docs = texts.map((t) => analyse(t, options));
    const n = texts.length;
    const vocab: [string[], string[], string[]] = [[], [], []];
    const idfs: number[] = [];
    for (let v = 0; v < 3; v++) {
      const df = new Map<string, number>();
      for (const d of docs) for (const t of new Set(d.terms[v])) df.set(t, (df.get(t) ?? 0) + 1);
      const minDf = v === 2 ? options.pairMinDf : options.minDf;
      const terms: string[] = [];
      for (const [term, count] of df) if (count >= minDf) terms.push(term);
      terms.sort(compareStrings);
      for (const t of terms) idfs.push(Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1);
      vocab[v] = terms;
    }
    const vectorizer = new Vectorizer({ options, vocab, idf: Float32Array.from(idfs) });
    return { vectorizer, analysed: docs.map((d) => vectorizer.fromTerms(d.terms, d.tokens)) };
  }

  /** Number of features in all views. */
  get dimension(): number {
    return this.idf.length;
  }

  /** Number of word + char features (the index prefix that excludes pairs). */
  get wordCharDimension(): number {
    return this.vocab[0].length + this.vocab[1].length;
  }

  toState(): VectorizerState {
    return { options: this.options, vocab: this.vocab, idf: this.idf };
  }

  analyse(text: string): Analysed {
    const { terms, tokens } = analyse(text, this.options);
    return this.fromTerms(terms, tokens);
  }

  private fromTerms(terms: Terms, tokens: string[]): Analysed {
    const known = new Int32Array(3);
    const blocks = terms.map((list, v) => {
      const index = this.index[v] as Map<string, number>;
      const counts = new Map<number, number>();
      for (const t of list) {
        const i = index.get(t);
        if (i === undefined) continue;
        known[v] = (known[v] as number) + 1;
        counts.set(i, (counts.get(i) ?? 0) + 1);
      }
      if (counts.size === 0) return EMPTY;
      const indices = Int32Array.from(counts.keys()).sort();
      const values = new Float32Array(indices.length);
      let norm = 0;
      for (let q = 0; q < indices.length; q++) {
        const i = indices[q] as number;
        const x = (1 + Math.log(counts.get(i) ?? 1)) * (this.idf[i] ?? 1);
        values[q] = x;
        norm += x * x;
      }
      const s = 1 / Math.sqrt(norm);
      for (let q = 0; q < values.length; q++) values[q] = (values[q] as number) * s;
      return { indices, values };
    }) as [SparseVec, SparseVec, SparseVec];
    let knownTokens = 0;
    for (const t of tokens) if (this.unigrams.has(t)) knownTokens++;
    const chars = terms[1].length;
    return {
      blocks,
      charCoverage: chars === 0 ? 1 : (known[1] as number) / chars,
      wordCoverage: tokens.length === 0 ? 1 : knownTokens / tokens.length,
    };
  }
}
