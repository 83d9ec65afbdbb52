/**
 * Small seeded PRNG (mulberry32) so that every random choice made while training
 * (example order, fold assignment) is reproducible across processes.
 */

// Builtins bound once: under jest 30 every global lookup (`Math`) goes through a slow proxy.
const { floor, imul } = Math;
export type Rng = () => number;

/** Returns a function yielding floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return floor(rng() * n);
}

/** In-place Fisher–Yates shuffle driven by `rng`. */
export function shuffleInPlace<T>(arr: T[] | Int32Array, rng: Rng): void {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const tmp = arr[i] as T;
    arr[i] = arr[j] as T;
    arr[j] = tmp as never;
  }
}

/** Deterministic string comparison by UTF-16 code units (never locale-dependent). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
