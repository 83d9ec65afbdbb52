/**
 * Stratified k-fold assignment with a seeded shuffle: each label's examples are shuffled
 * and dealt round-robin to folds, continuing where the previous label stopped so fold
 * sizes stay balanced. Labels are visited in sorted order, so the result only depends on
 * the labels and the seed.
 */
import { compareStrings, mulberry32, shuffleInPlace } from './prng';

/** Returns fold[i] ∈ [0, k) for every label. */
export function stratifiedFolds(labels: readonly string[], k: number, seed = 42): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer ≥ 2, got ${k}`);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  });
  const rng = mulberry32(seed);
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const label of [...byLabel.keys()].sort(compareStrings)) {
    const idx = byLabel.get(label) as number[];
    shuffleInPlace(idx, rng);
    for (const i of idx) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}
