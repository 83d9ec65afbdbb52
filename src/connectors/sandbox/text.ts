/** Text helpers for the gazetteer: normalisation and a bounded edit distance. */

/** Lower-case alphanumeric tokens; accents dropped, apostrophes removed, "&" read as "and". */
export function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Filler words people wrap a place in ("any ATMs near Piccadilly Circus please"). */
export const STOP_WORDS = new Set(
  'a an any are around at atm atms by cash cashpoint cashpoints close closest find for get i in is machine machines me my near nearby nearest next of on please pls show some the there to where whats withdraw'.split(
    ' ',
  ),
);

export function contentTokens(text: string): string[] {
  return tokens(text).filter((t) => !STOP_WORDS.has(t));
}

/** Index of `needle` as a contiguous run inside `haystack`, or -1. */
export function indexOfRun(haystack: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0 || needle.length > haystack.length) return -1;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), or `max + 1`
 * as soon as it is certain to exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rows[0].length < width)
    rows = [new Float64Array(width * 2), new Float64Array(width * 2), new Float64Array(width * 2)];
  // Three reused rows (two back, previous, current) instead of an array per row.
  let [prevPrev, prev, row] = rows;
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      row[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = row;
    row = spare;
  }
  return Math.min(prev[b.length]!, max + 1);
}

/** editDistance's scratch rows, grown as needed (Float64: distances compare with any `max`). */
let rows: [Float64Array, Float64Array, Float64Array] = [
  new Float64Array(64),
  new Float64Array(64),
  new Float64Array(64),
];

/** Typos tolerated in a name of this many letters. */
export function allowedTypos(length: number): number {
  if (length < 5) return 0;
  if (length < 9) return 1;
  if (length < 16) return 2;
  return 3;
}
