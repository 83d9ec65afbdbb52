/**
 * Symmetric int8 quantisation of weight matrices with one scale per column, applied at the
 * end of training (so the in-memory model and a saved/loaded one compute identical scores).
 * Cuts model files ~4× versus float32 with no measurable accuracy change.
 */

// Builtins bound once: under jest 30 every global lookup (`Math`) goes through a slow proxy.
const { abs, floor, round } = Math;

/** Quantises a row-major matrix with `cols` columns; returns int8 values and per-column scales. */
export function quantizeColumns(w: ArrayLike<number>, cols: number): { q: Int8Array; scales: Float32Array } {
  const rows = floor(w.length / cols);
  const max = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const a = abs(w[base + c] as number);
      if (a > (max[c] as number)) max[c] = a;
    }
  }
  const scales = new Float32Array(cols);
  for (let c = 0; c < cols; c++) scales[c] = (max[c] as number) > 0 ? (max[c] as number) / 127 : 1;
  const q = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) q[base + c] = round((w[base + c] as number) / (scales[c] as number));
  }
  return { q, scales };
}
