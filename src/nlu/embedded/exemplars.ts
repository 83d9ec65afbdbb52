/**
 * The training examples kept as unit-norm TF-IDF vectors (word + char views), grouped by
 * label, for a nearest-neighbour novelty check: how close is a message to the closest example
 * of the intent the classifier picked? A confident classifier can still be far from every
 * example it learned from (a question about something else that happens to share a few words
 * with one intent); the cosine to the nearest example catches many of those.
 */
import type { SparseVec } from './vectorizer';

export interface Exemplars {
  /** Rows of label c are classStart[c] .. classStart[c + 1] − 1. */
  classStart: Int32Array;
  /** CSR row pointers into indices/values (length rows + 1). */
  rowStart: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  /** Feature dimension of the vectors. */
  dim: number;
}

/** Groups `vectors` by label `y` (stable within a label). */
export function buildExemplars(
  vectors: readonly SparseVec[],
  y: Int32Array,
  classes: number,
  dim: number,
): Exemplars {
  const order = Array.from(y.keys()).sort((a, b) => (y[a] as number) - (y[b] as number) || a - b);
  const classStart = new Int32Array(classes + 1);
  for (const c of y) classStart[c + 1] = (classStart[c + 1] as number) + 1;
  for (let c = 0; c < classes; c++)
    classStart[c + 1] = (classStart[c + 1] as number) + (classStart[c] as number);
  const rowStart = new Int32Array(order.length + 1);
  let nnz = 0;
  order.forEach((i, r) => {
    nnz += (vectors[i] as SparseVec).indices.length;
    rowStart[r + 1] = nnz;
  });
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  order.forEach((i, r) => {
    const v = vectors[i] as SparseVec;
    indices.set(v.indices, rowStart[r] as number);
    values.set(v.values, rowStart[r] as number);
  });
  return { classStart, rowStart, indices, values, dim };
}

/**
 * Cosine similarity of `q` (unit norm, same views as the exemplars) to the nearest example of
 * label `c`; 0 when the label has none. `scratch` is a zeroed buffer of length ≥ `ex.dim`,
 * returned zeroed.
 */
export function nearestSimilarity(ex: Exemplars, c: number, q: SparseVec, scratch: Float32Array): number {
  const { indices: qi, values: qv } = q;
  for (let p = 0; p < qi.length; p++)
    if ((qi[p] as number) < ex.dim) scratch[qi[p] as number] = qv[p] as number;
  let best = 0;
  const { rowStart, indices, values } = ex;
  for (let r = ex.classStart[c] as number; r < (ex.classStart[c + 1] as number); r++) {
    let dot = 0;
    for (let p = rowStart[r] as number; p < (rowStart[r + 1] as number); p++)
      dot += (values[p] as number) * (scratch[indices[p] as number] as number);
    if (dot > best) best = dot;
  }
  for (let p = 0; p < qi.length; p++) if ((qi[p] as number) < ex.dim) scratch[qi[p] as number] = 0;
  return best;
}
