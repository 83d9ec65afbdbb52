/**
 * Text normalisation and n-gram extraction.
 *
 * - Unicode NFKC, lower-cased, Latin combining accents removed ("café" → "cafe").
 * - Typographic apostrophes (’ ‘ ` ´ ʼ) become ASCII "'"; an apostrophe *inside* a word is
 *   dropped so that "what's", "what’s" and "whats" all give the token `whats`
 *   (users often omit apostrophes; "don't"/"dont" should look the same to the model).
 * - Tokens are runs of letters, digits and combining marks (so Devanagari, Thai… stay whole).
 * - Other punctuation separates tokens and is discarded; currency symbols are kept as
 *   their own tokens because "£" / "$" carry meaning in banking messages.
 */

const APOSTROPHES = /[\u2018\u2019\u201B\u0060\u00B4\u02BC\u02B9\uFF07]/g;
const COMBINING_ACCENTS = /[\u0300-\u036f]/g;
const SURROGATE = /[\uD800-\uDFFF]/;
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:'[\p{L}\p{N}\p{M}]+)*|\p{Sc}/gu;

/** Canonical form of a message: what the tokenizer and the cache hash see. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_ACCENTS, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Word tokens of a message (normalised, apostrophes inside words removed). */
export function tokenize(text: string): string[] {
  const norm = normalizeText(text);
  const out: string[] = [];
  for (const m of norm.matchAll(TOKEN)) {
    out.push(m[0].replace(/'/g, ''));
  }
  return out;
}

/** Word n-grams for n in [minN, maxN], joined by a single space. */
export function wordNgrams(tokens: readonly string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      out.push(n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join(' '));
    }
  }
  return out;
}

/**
 * Character n-grams inside word boundaries, like scikit-learn's `char_wb` analyzer:
 * every token is padded with one space on each side and n-grams never cross tokens.
 * A padded token shorter than n contributes itself once (as sklearn does).
 */
export function charNgrams(tokens: readonly string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (const tok of tokens) {
    const w = ` ${tok} `;
    if (!SURROGATE.test(w)) {
      const len = w.length;
      for (let n = minN; n <= maxN; n++) {
        if (len <= n) {
          out.push(w);
          break;
        }
        for (let i = 0; i + n <= len; i++) out.push(w.substring(i, i + n));
      }
      continue;
    }
    const chars = Array.from(w); // code points, so astral characters are never split
    const len = chars.length;
    for (let n = minN; n <= maxN; n++) {
      if (len <= n) {
        out.push(w);
        break;
      }
      for (let i = 0; i + n <= len; i++) out.push(chars.slice(i, i + n).join(''));
    }
  }
  return out;
}
