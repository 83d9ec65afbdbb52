/** Small text helpers shared by the entity extractors. All offsets are UTF-16 indices into the original text. */

/** A value found in the text, with the [start, end) span that produced it. */
export interface Found<T> {
  value: T;
  start: number;
  end: number;
}

/** Stands in for text already claimed by another entity; no extractor pattern matches it. */
export const MASK = '\u0001';

/** Replaces the given spans with MASK characters, keeping every other offset unchanged. */
export function mask(text: string, spans: ReadonlyArray<{ start: number; end: number } | undefined>): string {
  let out = text;
  for (const s of spans) {
    if (!s || s.end <= s.start) continue;
    out = out.slice(0, s.start) + MASK.repeat(s.end - s.start) + out.slice(s.end);
  }
  return out;
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export interface Token {
  /** Lower case, apostrophes removed ("sainsbury's" → "sainsburys"). */
  norm: string;
  /** As typed. */
  raw: string;
  start: number;
  end: number;
}

/**
 * What `text.matchAll(re)` yields for a global regex, as an array, without the regex clone that
 * matchAll makes on every call (measurable when a dozen patterns run on every message). All
 * matches are collected before the caller sees any, so callers may use `re` again meanwhile.
 */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0] === '') re.lastIndex = advanceIndex(text, re.lastIndex, re.unicode);
  }
  re.lastIndex = 0;
  return out;
}

/** The index after the one at `i` (a whole surrogate pair in unicode mode), as matchAll steps. */
function advanceIndex(text: string, i: number, unicode: boolean): number {
  if (!unicode || i + 1 >= text.length) return i + 1;
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return i + 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
}

const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}'’&+]*[\p{L}\p{N}+])?/gu;

let lastTokenized: { text: string; tokens: readonly Token[] } | undefined;

/**
 * Words with their offsets. Apostrophes and '&' stay inside a word ("McDonald's", "M&S"). The
 * extractors tokenize the same text several times per message: the last result is reused (a copy
 * of the list; tokens themselves are never modified).
 */
export function tokenize(text: string): Token[] {
  if (lastTokenized?.text === text) return [...lastTokenized.tokens];
  const out: Token[] = [];
  for (const m of allMatches(WORD, text)) {
    const raw = m[0];
    out.push({ raw, norm: normalizeWord(raw), start: m.index, end: m.index + raw.length });
  }
  lastTokenized = { text, tokens: out.slice() };
  return out;
}

export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/['’]/g, '');
}

const UNITS: Record<string, number> = {
  zero: 0,
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  couple: 2,
  three: 3,
  few: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  dozen: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Regex source for a number written in digits or words up to ninety-nine ("a couple of" included). */
export const NUMBER_SOURCE =
  '(?:\\d{1,6}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine))?' +
  '|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen' +
  '|(?:a\\s+)?dozen|(?:a\\s+)?couple(?:\\s+of)?|(?:a\\s+)?few|an?|single)';

/** Parses digits or a number phrase matched by NUMBER_SOURCE; undefined if it is neither. */
export function parseNumber(text: string): number | undefined {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/\s+of$/, '');
  if (/^\d+$/.test(s)) return Number(s);
  const words = s.split(/[\s-]+/).filter((w) => w !== 'a' || s === 'a');
  if (words.length === 0 || words.length > 2) return undefined;
  const [first = '', second] = words;
  if (second === undefined) return UNITS[first] ?? TENS[first];
  const tens = TENS[first];
  const unit = UNITS[second];
  return tens !== undefined && unit !== undefined && unit > 0 && unit < 10 ? tens + unit : undefined;
}

/** "starbucks" → "Starbucks"; words the user already capitalised inside ("eBay", "McDonald's") are kept. */
export function titleCase(phrase: string): string {
  return phrase
    .split(/(\s+)/)
    .map((w) => (/\p{Lu}/u.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
