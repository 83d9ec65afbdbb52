/**
 * One-vs-rest linear SVM (L2-regularised, squared hinge loss) trained with dual coordinate
 * descent and shrinking — the algorithm of LIBLINEAR's default solver (Hsieh et al., 2008).
 *
 * Deterministic: the only randomness is the per-epoch visiting order, drawn from a seeded PRNG.
 */
import { mulberry32, randInt } from './prng';
import { quantizeColumns } from './quantize';
import type { SparseVec } from './vectorizer';

// Builtins bound once: under jest 30 every global lookup (`Math`) goes through a slow proxy.
const { abs, max } = Math;

/** Training matrix in compressed sparse row form. */
export interface Csr {
  rows: number;
  dim: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export interface SvmOptions {
  /** Inverse regularisation strength. */
  C: number;
  /** Value of the constant bias feature (LIBLINEAR's -B). */
  bias: number;
  /** Multiply C of each class's positive examples by (n / (k · n_class))^balance; 0 = off. */
  balance: number;
  /** Stopping tolerance on the projected-gradient spread. */
  eps: number;
  maxEpochs: number;
  seed: number;
}

export const DEFAULT_SVM: SvmOptions = { C: 2, bias: 1, balance: 0, eps: 0.1, maxEpochs: 10, seed: 1 };

/**
 * Weights stored feature-major and int8-quantised per class:
 * score[c] = biases[c] + scales[c] · Σ_f x_f · weights[f · classes + c].
 */
export interface LinearWeights {
  classes: number;
  dim: number;
  weights: Int8Array;
  scales: Float32Array;
  biases: Float32Array;
}

export function toCsr(vectors: readonly SparseVec[], dim: number): Csr {
  let nnz = 0;
  for (const v of vectors) nnz += v.indices.length;
  const indptr = new Int32Array(vectors.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  vectors.forEach((v, r) => {
    indices.set(v.indices, p);
    values.set(v.values, p);
    p += v.indices.length;
    indptr[r + 1] = p;
  });
  return { rows: vectors.length, dim, indptr, indices, values };
}

/** Trains one binary problem; returns w (length dim) and the bias weight. */
function trainBinary(
  X: Csr,
  y: Int8Array,
  cPos: number,
  cNeg: number,
  o: SvmOptions,
  seed: number,
): { w: Float64Array; b: number } {
  const { rows: n, indptr, indices, values } = X;
  const w = new Float64Array(X.dim);
  let b = 0;
  const B = o.bias;
  const alpha = new Float64Array(n);
  const diag = new Float64Array(n);
  const qd = new Float64Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    diag[i] = 0.5 / (y[i] === 1 ? cPos : cNeg);
    let sq = B * B;
    for (let p = indptr[i] as number; p < (indptr[i + 1] as number); p++) sq += (values[p] as number) ** 2;
    qd[i] = sq + (diag[i] as number);
    index[i] = i;
  }
  const rng = mulberry32(seed);
  let active = n;
  let pgMaxOld = Infinity;
  for (let epoch = 0; epoch < o.maxEpochs; epoch++) {
    for (let s = 0; s < active; s++) {
      const j = s + randInt(rng, active - s);
      const t = index[s] as number;
      index[s] = index[j] as number;
      index[j] = t;
    }
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let s = 0; s < active; s++) {
      const i = index[s] as number;
      const yi = y[i] as number;
      const start = indptr[i] as number;
      const end = indptr[i + 1] as number;
      let dot = b * B;
      for (let p = start; p < end; p++) dot += (w[indices[p] as number] as number) * (values[p] as number);
      const a = alpha[i] as number;
      const G = yi * dot - 1 + a * (diag[i] as number);
      let pg = 0;
      if (a === 0) {
        if (G > pgMaxOld) {
          active--;
          index[s] = index[active] as number;
          index[active] = i;
          s--;
          continue;
        }
        if (G < 0) pg = G;
      } else {
        pg = G;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (abs(pg) > 1e-12) {
        const na = max(a - G / (qd[i] as number), 0);
        alpha[i] = na;
        const d = (na - a) * yi;
        for (let p = start; p < end; p++) {
          const f = indices[p] as number;
          w[f] = (w[f] as number) + d * (values[p] as number);
        }
        b += d * B;
      }
    }
    if (pgMax - pgMin <= o.eps) {
      if (active === n) break;
      active = n;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
  }
  return { w, b };
}

/** One-vs-rest training; `labels[i]` is a class id in [0, classes). */
export function trainOvr(
  X: Csr,
  labels: Int32Array,
  classes: number,
  o: SvmOptions = DEFAULT_SVM,
): LinearWeights {
  const n = X.rows;
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) counts[labels[i] as number] = (counts[labels[i] as number] as number) + 1;
  const dense = new Float32Array(X.dim * classes);
  const biases = new Float32Array(classes);
  const y = new Int8Array(n);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < n; i++) y[i] = labels[i] === c ? 1 : -1;
    const cw = o.balance > 0 ? (n / (classes * max(1, counts[c] as number))) ** o.balance : 1;
    const { w, b } = trainBinary(X, y, o.C * cw, o.C, o, (o.seed * 7919 + c) >>> 0);
    for (let f = 0; f < X.dim; f++) dense[f * classes + c] = w[f] as number;
    biases[c] = b * o.bias;
  }
  const { q, scales } = quantizeColumns(dense, classes);
  return { classes, dim: X.dim, weights: q, scales, biases };
}

/** Raw decision values for every class. */
export function decision(
  model: LinearWeights,
  x: SparseVec,
  out = new Float64Array(model.classes),
): Float64Array {
  const k = model.classes;
  out.fill(0);
  const { indices, values } = x;
  const W = model.weights;
  for (let p = 0; p < indices.length; p++) {
    const f = indices[p] as number;
    if (f >= model.dim) continue;
    const v = values[p] as number;
    const base = f * k;
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) + v * (W[base + c] as number);
  }
  for (let c = 0; c < k; c++)
    out[c] = (model.biases[c] as number) + (model.scales[c] as number) * (out[c] as number);
  return out;
}
