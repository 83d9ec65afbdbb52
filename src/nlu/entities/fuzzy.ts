/**
 * Phrase vocabulary matching, tolerant of plurals ("taxis") and small typos ("savngs",
 * "credt card"). Typos are only forgiven on longer words, and only when the first letter is
 * right, so short words like "bus" or "isa" must be exact.
 */
import { tokenize, type Found, type Token } from './text';

/** Restricted Damerau-Levenshtein distance, giving up once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** Real words one edit away from a vocabulary word; never "corrected". */
const NOT_TYPOS = new Set([
  'change',
  'changes',
  'saving',
  'chance',
  'current',
  'interests',
  'crediting',
  'charger',
]);

/** The word and its likely singular forms: "taxis" → taxi, "buses" → bus, "groceries" → grocery. */
export function wordForms(word: string): string[] {
  const forms = [word];
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) {
    forms.push(word.slice(0, -1));
    if (word.endsWith('es')) forms.push(word.slice(0, -2));
    if (word.endsWith('ies')) forms.push(word.slice(0, -3) + 'y');
  }
  return forms;
}

function closeEnough(typed: string, word: string): boolean {
  if (word.length < 5 || typed.length < 4 || typed[0] !== word[0] || NOT_TYPOS.has(typed)) return false;
  const max = word.length >= 10 ? 2 : 1;
  return editDistance(typed, word, max) <= max;
}

interface Entry<T> {
  words: string[];
  value: T;
  phrase: string;
}

export interface PhraseMatch<T> extends Found<T> {
  /** The vocabulary phrase that matched. */
  phrase: string;
  fuzzy: boolean;
}

/** Finds the first (then longest) vocabulary phrase in a text. */
export class PhraseMatcher<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();
  /** byFirst's first words grouped by their first letter, in byFirst's order (for typo matching). */
  private byInitial: Map<string, [string, Entry<T>[]][]> | undefined;

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [phrase, value] of entries) {
      const words = tokenize(phrase).map((t) => t.norm);
      const first = words[0];
      if (first === undefined) continue;
      const list = this.byFirst.get(first) ?? [];
      list.push({ words, value, phrase });
      list.sort((x, y) => y.words.length - x.words.length);
      this.byFirst.set(first, list);
    }
  }

  /** Exact (plural-tolerant) matches win over typo matches anywhere in the text. */
  find(text: string, tokens: Token[] = tokenize(text)): PhraseMatch<T> | undefined {
    return this.scan(text, tokens, false) ?? this.scan(text, tokens, true);
  }

  /** Every non-overlapping match, left to right; with `fuzzy`, typos are forgiven where nothing matches exactly. */
  findAll(text: string, fuzzy: boolean, tokens: Token[] = tokenize(text)): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const m =
        this.matchAt(text, tokens, i, false) ?? (fuzzy ? this.matchAt(text, tokens, i, true) : undefined);
      if (!m) continue;
      out.push(m.match);
      i += m.length - 1;
    }
    return out;
  }

  private scan(text: string, tokens: Token[], fuzzy: boolean): PhraseMatch<T> | undefined {
    for (let i = 0; i < tokens.length; i++) {
      const m = this.matchAt(text, tokens, i, fuzzy);
      if (m) return m.match;
    }
    return undefined;
  }

  private candidates(word: string, fuzzy: boolean): Entry<T>[] {
    if (!fuzzy) return wordForms(word).flatMap((f) => this.byFirst.get(f) ?? []);
    // A typed word only ever matches a first word with its own first letter (its plural forms
    // keep that letter, and closeEnough requires it), so only those are tried.
    const out: Entry<T>[] = [];
    for (const [first, list] of this.initialIndex().get(word.charAt(0)) ?? [])
      if (this.wordMatches(word, first, true)) out.push(...list);
    return out.sort((x, y) => y.words.length - x.words.length);
  }

  private initialIndex(): Map<string, [string, Entry<T>[]][]> {
    if (!this.byInitial) {
      this.byInitial = new Map();
      for (const [first, list] of this.byFirst) {
        const group = this.byInitial.get(first.charAt(0)) ?? [];
        group.push([first, list]);
        this.byInitial.set(first.charAt(0), group);
      }
    }
    return this.byInitial;
  }

  private wordMatches(typed: string, word: string, fuzzy: boolean): boolean {
    const forms = wordForms(typed);
    if (forms.includes(word)) return true;
    return fuzzy && forms.some((f) => closeEnough(f, word));
  }

  private matchAt(
    text: string,
    tokens: Token[],
    i: number,
    fuzzy: boolean,
  ): { match: PhraseMatch<T>; length: number } | undefined {
    const first = tokens[i];
    if (!first) return undefined;
    for (const entry of this.candidates(first.norm, fuzzy)) {
      let ok = true;
      for (let k = 1; k < entry.words.length && ok; k++) {
        const tok = tokens[i + k];
        const before = tokens[i + k - 1];
        const word = entry.words[k] ?? '';
        ok = !!tok && !!before && /^[\s&.'’-]*$/.test(text.slice(before.end, tok.start));
        ok = ok && !!tok && this.wordMatches(tok.norm, word, fuzzy);
      }
      if (!ok) continue;
      const last = tokens[i + entry.words.length - 1] ?? first;
      return {
        match: { value: entry.value, start: first.start, end: last.end, phrase: entry.phrase, fuzzy },
        length: entry.words.length,
      };
    }
    return undefined;
  }
}
