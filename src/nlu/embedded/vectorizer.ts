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

// Builtins bound once: under jest 30 every global lookup (`Math`) goes through a slow proxy.
const { log, sqrt } = Math;

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
  /**
   * Per view, the share of the message's TF-IDF norm that known terms carry (unknown terms
   * weighted with the largest IDF): 1 when every term is known, lower the more (and the
   * rarer-looking) the unknown words. The blocks themselves are normalised over known terms.
   */
  knownNorm: [number, number, number];
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
    const s = sqrt(w / total);
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
  private maxIdfCache: number | undefined;

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
  static fit(
    texts: readonly string[],
    options: FeatureOptions,
  ): { vectorizer: Vectorizer; analysed: Analysed[] } {
    const docs = texts.map((t) => analyse(t, options));
    const n = texts.length;
    const vocab: [string[], string[], string[]] = [[], [], []];
    const idfs: number[] = [];
    // Per view: every distinct term gets a provisional id on first sight; documents are kept
    // as provisional ids and remapped once the vocabulary is pruned and sorted.
    const provisional: Int32Array[][] = [];
    const remaps: Int32Array[] = [];
    for (let v = 0; v < 3; v++) {
      const seen = new Map<string, number>();
      const stats: { term: string; df: number; last: number }[] = [];
      provisional.push(
        docs.map((d, k) => {
          const list = d.terms[v] as string[];
          const ids = new Int32Array(list.length);
          list.forEach((t, q) => {
            let id = seen.get(t);
            if (id === undefined) {
              id = stats.length;
              seen.set(t, id);
              stats.push({ term: t, df: 0, last: -1 });
            }
            const e = stats[id] as { df: number; last: number };
            if (e.last !== k) {
              e.df++;
              e.last = k;
            }
            ids[q] = id;
          });
          return ids;
        }),
      );
      const minDf = v === 2 ? options.pairMinDf : options.minDf;
      const kept = stats.map((e, id) => ({ ...e, id })).filter((e) => e.df >= minDf);
      kept.sort((x, y) => compareStrings(x.term, y.term));
      const remap = new Int32Array(stats.length).fill(-1);
      const terms: string[] = [];
      for (const e of kept) {
        remap[e.id] = idfs.length;
        idfs.push(log((1 + n) / (1 + e.df)) + 1);
        terms.push(e.term);
      }
      vocab[v] = terms;
      remaps.push(remap);
    }
    const vectorizer = new Vectorizer({ options, vocab, idf: Float32Array.from(idfs) });
    const analysed = docs.map((d, k) => {
      const ids = [0, 1, 2].map((v) => {
        const remap = remaps[v] as Int32Array;
        const src = (provisional[v] as Int32Array[])[k] as Int32Array;
        const out = new Int32Array(src.length);
        let m = 0;
        for (let q = 0; q < src.length; q++) {
          const f = remap[src[q] as number] as number;
          if (f >= 0) out[m++] = f;
        }
        return out.subarray(0, m);
      }) as [Int32Array, Int32Array, Int32Array];
      return vectorizer.fromIds(ids, d.terms[1].length, d.tokens);
    });
    return { vectorizer, analysed };
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
    const unknown: [number, number, number] = [0, 0, 0];
    const ids = terms.map((list, v) => {
      const index = this.index[v] as Map<string, number>;
      const out = new Int32Array(list.length);
      let m = 0;
      let missing: Map<string, number> | undefined;
      for (const t of list) {
        const i = index.get(t);
        if (i !== undefined) out[m++] = i;
        else (missing ??= new Map()).set(t, (missing.get(t) ?? 0) + 1);
      }
      if (missing) {
        const idf = this.maxIdf;
        let mass = 0;
        for (const c of missing.values()) mass += ((1 + log(c)) * idf) ** 2;
        unknown[v] = mass;
      }
      return out.subarray(0, m);
    }) as [Int32Array, Int32Array, Int32Array];
    return this.fromIds(ids, terms[1].length, tokens, unknown);
  }

  /** The IDF of a term seen in no training text (the largest IDF of the vocabulary). */
  private get maxIdf(): number {
    if (this.maxIdfCache === undefined) {
      let m = 1;
      for (const x of this.idf) if (x > m) m = x;
      this.maxIdfCache = m;
    }
    return this.maxIdfCache;
  }

  /** Builds the view blocks from the known term ids of each view (with repeats). */
  private fromIds(
    ids: [Int32Array, Int32Array, Int32Array],
    charTerms: number,
    tokens: string[],
    unknown: readonly [number, number, number] = [0, 0, 0],
  ): Analysed {
    const knownNorm: [number, number, number] = [1, 1, 1];
    const blocks = ids.map((list, v) => {
      const m = list.length;
      if (m === 0) {
        knownNorm[v] = (unknown[v] as number) > 0 ? 0 : 1;
        return EMPTY;
      }
      // Sort the ids and run-length count them: distinct indices in order, with term counts.
      const sorted = list.slice().sort();
      let distinct = 1;
      for (let q = 1; q < m; q++) if (sorted[q] !== sorted[q - 1]) distinct++;
      const indices = new Int32Array(distinct);
      const counts = new Int32Array(distinct);
      let d = -1;
      for (let q = 0; q < m; q++) {
        if (q === 0 || sorted[q] !== sorted[q - 1]) indices[++d] = sorted[q] as number;
        counts[d] = (counts[d] as number) + 1;
      }
      const values = new Float32Array(distinct);
      let norm = 0;
      for (let q = 0; q < distinct; q++) {
        const x = (1 + log(counts[q] as number)) * (this.idf[indices[q] as number] ?? 1);
        values[q] = x;
        norm += x * x;
      }
      const s = 1 / sqrt(norm);
      for (let q = 0; q < values.length; q++) values[q] = (values[q] as number) * s;
      knownNorm[v] = sqrt(norm / (norm + (unknown[v] as number)));
      return { indices, values };
    }) as [SparseVec, SparseVec, SparseVec];
    let knownTokens = 0;
    for (const t of tokens) if (this.unigrams.has(t)) knownTokens++;
    return {
      blocks,
      charCoverage: charTerms === 0 ? 1 : ids[1].length / charTerms,
      wordCoverage: tokens.length === 0 ? 1 : knownTokens / tokens.length,
      knownNorm,
    };
  }
}
