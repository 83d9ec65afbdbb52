/**
 * A one-hidden-layer perceptron (sparse TF-IDF input → ReLU → softmax) trained with plain
 * SGD, a linearly decaying learning rate and dropout on the hidden layer. Its hidden layer is
 * narrower than the number of intents, so it learns which intents resemble each other; that
 * makes it a useful partner to the linear SVM in the ensemble even though it is not more
 * accurate on its own.
 *
 * Deterministic: initialisation, example order and dropout masks come from a seeded PRNG.
 */
import { mulberry32, shuffleInPlace } from './prng';
import { quantizeColumns } from './quantize';
import type { SparseVec } from './vectorizer';

// Builtins bound once: under jest 30 every global lookup (`Math`) goes through a slow proxy.
const { ceil, exp, max, min, sqrt } = Math;

export interface MlpOptions {
  hidden: number;
  /** Passes over the data; small training sets get more (see {@link epochsFor}). */
  epochs: number;
  learningRate: number;
  dropout: number;
  seed: number;
}

export const DEFAULT_MLP: MlpOptions = { hidden: 64, epochs: 12, learningRate: 0.08, dropout: 0.4, seed: 7 };

/** Epochs to run so that tiny training sets still see enough SGD steps (≥ 8000 steps, ≤ 200 epochs). */
export function epochsFor(o: MlpOptions, examples: number): number {
  return max(o.epochs, min(200, ceil(8000 / max(1, examples))));
}

export interface MlpWeights {
  dim: number;
  hidden: number;
  classes: number;
  /** Input weights, feature-major and int8-quantised per hidden unit: w1[f * hidden + j] · s1[j]. */
  w1: Int8Array;
  s1: Float32Array;
  b1: Float32Array;
  /** Output weights, hidden-major: w2[j * classes + c]. */
  w2: Float32Array;
  b2: Float32Array;
}

/** In-place softmax. */
export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) if ((z[c] as number) > max) max = z[c] as number;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = exp((z[c] as number) - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] as number) / sum;
  return z;
}

function outputLayer(w2: Float32Array, b2: Float32Array, h: Float64Array, out: Float64Array): void {
  const K = b2.length;
  for (let c = 0; c < K; c++) out[c] = b2[c] as number;
  for (let j = 0; j < h.length; j++) {
    const hj = h[j] as number;
    if (hj === 0) continue;
    const base = j * K;
    for (let c = 0; c < K; c++) out[c] = (out[c] as number) + hj * (w2[base + c] as number);
  }
}

/** Logits (pre-softmax) for one example. Features with index ≥ dim are ignored. */
export function mlpLogits(m: MlpWeights, x: SparseVec, out = new Float64Array(m.classes)): Float64Array {
  const H = m.hidden;
  const h = new Float64Array(H);
  const { indices, values } = x;
  for (let q = 0; q < indices.length; q++) {
    const f = indices[q] as number;
    if (f >= m.dim) continue;
    const v = values[q] as number;
    const base = f * H;
    for (let j = 0; j < H; j++) h[j] = (h[j] as number) + v * (m.w1[base + j] as number);
  }
  for (let j = 0; j < H; j++) {
    const a = (m.b1[j] as number) + (m.s1[j] as number) * (h[j] as number);
    h[j] = a > 0 ? a : 0;
  }
  outputLayer(m.w2, m.b2, h, out);
  return out;
}

export function trainMlp(
  X: readonly SparseVec[],
  labels: Int32Array,
  dim: number,
  classes: number,
  o: MlpOptions = DEFAULT_MLP,
): MlpWeights {
  const H = o.hidden;
  const K = classes;
  const rng = mulberry32(o.seed);
  const w1 = new Float32Array(dim * H);
  const s1 = sqrt(6 / (50 + H));
  for (let i = 0; i < w1.length; i++) w1[i] = (rng() * 2 - 1) * s1;
  const w2 = new Float32Array(H * K);
  const s2 = sqrt(6 / (H + K));
  for (let i = 0; i < w2.length; i++) w2[i] = (rng() * 2 - 1) * s2;
  const b1 = new Float32Array(H);
  const b2 = new Float32Array(K);
  const h = new Float64Array(H);
  const gh = new Float64Array(H);
  const p = new Float64Array(K);
  // Dropout masks are drawn before the forward pass, so only kept units are computed and only
  // live (kept and positive) units are back-propagated: same result, about half the work.
  const kept = new Int32Array(H);
  const live = new Int32Array(H);
  const keep = 1 - o.dropout;
  const epochs = epochsFor(o, X.length);
  const order = Array.from({ length: X.length }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, rng);
    const lr = o.learningRate * (1 - epoch / epochs);
    for (const i of order) {
      const { indices, values } = X[i] as SparseVec;
      let nKept = 0;
      for (let j = 0; j < H; j++) {
        h[j] = 0;
        if (rng() < keep) kept[nKept++] = j;
      }
      for (let t = 0; t < nKept; t++) h[kept[t] as number] = b1[kept[t] as number] as number;
      for (let q = 0; q < indices.length; q++) {
        const v = values[q] as number;
        const base = (indices[q] as number) * H;
        for (let t = 0; t < nKept; t++) {
          const j = kept[t] as number;
          h[j] = (h[j] as number) + v * (w1[base + j] as number);
        }
      }
      let nLive = 0;
      for (let t = 0; t < nKept; t++) {
        const j = kept[t] as number;
        if ((h[j] as number) > 0) {
          h[j] = (h[j] as number) / keep;
          live[nLive++] = j;
        } else {
          h[j] = 0;
        }
      }
      outputLayer(w2, b2, h, p);
      softmaxInPlace(p);
      const y = labels[i] as number;
      p[y] = (p[y] as number) - 1; // dLoss/dlogits for cross-entropy
      for (let t = 0; t < nLive; t++) {
        const j = live[t] as number;
        const hj = h[j] as number;
        const base = j * K;
        let g = 0;
        for (let c = 0; c < K; c++) {
          const pc = p[c] as number;
          g += pc * (w2[base + c] as number);
          w2[base + c] = (w2[base + c] as number) - lr * pc * hj;
        }
        gh[j] = (g / keep) * lr;
        b1[j] = (b1[j] as number) - (gh[j] as number);
      }
      for (let c = 0; c < K; c++) b2[c] = (b2[c] as number) - lr * (p[c] as number);
      for (let q = 0; q < indices.length; q++) {
        const v = values[q] as number;
        const base = (indices[q] as number) * H;
        for (let t = 0; t < nLive; t++) {
          const j = live[t] as number;
          w1[base + j] = (w1[base + j] as number) - v * (gh[j] as number);
        }
      }
    }
  }
  const { q, scales } = quantizeColumns(w1, H);
  return { dim, hidden: H, classes: K, w1: q, s1: scales, b1, w2, b2 };
}
