import { z } from 'zod';
import type { Gazetteer, Place } from '../types';
import placesJson from './data/gazetteer.json';
import { allowedTypos, contentTokens, editDistance, indexOfRun, tokens } from './text';

const Entry = z.object({
  name: z.string(),
  kind: z.enum(['postcode', 'place', 'street']),
  lat: z.number(),
  lon: z.number(),
  city: z.string(),
  aliases: z.array(z.string()).optional(),
});
type Entry = z.infer<typeof Entry>;

/** Whole cities: only chosen when nothing more specific matches. */
const CITIES = new Set(['London', 'Manchester', 'New York', 'Brooklyn', 'Salford']);

const ABBREVIATIONS: [string, string][] = [
  ['street', 'st'],
  ['road', 'rd'],
  ['avenue', 'ave'],
  ['square', 'sq'],
  ['station', 'stn'],
  ['st', 'saint'],
];

interface Variant {
  entry: Entry;
  order: number;
  words: string[];
  compact: string;
  broad: boolean;
}

interface Match {
  variant: Variant;
  distance: number;
  start: number;
  length: number;
}

function variantsOf(entry: Entry, order: number): Variant[] {
  const names = new Set<string>();
  for (const name of [entry.name, ...(entry.aliases ?? [])]) {
    const words = contentTokens(name);
    names.add(words.join(' '));
    for (const [long, short] of ABBREVIATIONS) {
      if (words.includes(long)) names.add(words.map((w) => (w === long ? short : w)).join(' '));
    }
  }
  const broad = entry.kind === 'place' && CITIES.has(entry.name);
  return [...names]
    .filter(Boolean)
    .map((n) => ({ entry, order, words: n.split(' '), compact: n.replaceAll(' ', ''), broad }));
}

interface Index {
  postcodes: Map<string, Entry>;
  variants: Variant[];
}

let index: Index | undefined;

/** Parses and indexes the data file once per process; instances share the (read-only) index. */
function buildIndex(): Index {
  if (index) return index;
  const postcodes = new Map<string, Entry>();
  const variants: Variant[] = [];
  z.array(Entry)
    .parse(placesJson)
    .forEach((entry, order) => {
      if (entry.kind === 'postcode') postcodes.set(entry.name.replace(/\s+/g, '').toLowerCase(), entry);
      else variants.push(...variantsOf(entry, order));
    });
  index = { postcodes, variants };
  return index;
}

/** The query's runs of consecutive words, joined, built once per lookup rather than once per name. */
class Windows {
  private readonly bySize: string[][] = [];

  constructor(private readonly words: string[]) {}

  get(size: number, start: number): string {
    let row = this.bySize[size];
    if (!row) {
      row = [];
      for (let i = 0; i + size <= this.words.length; i++) row.push(this.words.slice(i, i + size).join(''));
      this.bySize[size] = row;
    }
    return row[start] as string;
  }
}

const UK_FULL = /^([a-z]{1,2}\d[a-z\d]?)(\d[a-z]{2})$/;
const UK_OUTWARD = /^[a-z]{1,2}\d[a-z\d]?$/;
const UK_INWARD = /^\d[a-z]{2}$/;
const US_ZIP = /^\d{5}$/;

/**
 * An offline gazetteer of the sandbox cities: full and outward postcodes, US ZIP codes, stations,
 * landmarks, neighbourhoods, a few streets and addresses. Lookups ignore case, punctuation and filler
 * words, and tolerate small typos ("picadilly circus").
 */
export class SandboxGazetteer implements Gazetteer {
  private readonly postcodes: Map<string, Entry>;
  private readonly variants: Variant[];

  constructor() {
    ({ postcodes: this.postcodes, variants: this.variants } = buildIndex());
  }

  /** Number of entries (postcodes and named places). */
  get size(): number {
    return this.postcodes.size + new Set(this.variants.map((v) => v.entry)).size;
  }

  lookup(text: string): Place | undefined {
    const entry = this.postcode(tokens(text)) ?? this.place(contentTokens(text));
    return entry && { name: entry.name, lat: entry.lat, lon: entry.lon, kind: entry.kind };
  }

  private postcode(words: string[]): Entry | undefined {
    let outward: Entry | undefined;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      const full = UK_FULL.exec(word);
      let district: string | undefined;
      let inward: string | undefined;
      if (full) [, district, inward] = full;
      else if (UK_OUTWARD.test(word))
        [district, inward] = [word, UK_INWARD.test(words[i + 1] ?? '') ? words[i + 1] : undefined];
      else if (US_ZIP.test(word)) district = word;
      if (!district) continue;
      const hit = inward && this.postcodes.get(district + inward);
      if (hit) return hit;
      // Unknown outward codes fall back to their district: "W1J" → "W1".
      outward ??= this.postcodes.get(district) ?? this.postcodes.get(district.replace(/[a-z]$/, ''));
    }
    return outward;
  }

  private place(words: string[]): Entry | undefined {
    if (words.length === 0) return undefined;
    const windows = new Windows(words);
    const matches = this.variants
      .map((v) => this.match(v, words, windows))
      .filter((m): m is Match => m !== undefined);
    const better = (a: Match, b: Match) =>
      b.variant.compact.length - 3 * b.distance - (a.variant.compact.length - 3 * a.distance) ||
      a.distance - b.distance ||
      a.variant.order - b.variant.order;
    const city = matches.filter((m) => m.variant.broad).sort(better)[0];
    const specific = matches
      .filter((m) => !m.variant.broad && (!city || m.variant.entry.city === city.variant.entry.city))
      .sort(better)[0];
    if (specific) return specific.variant.entry;
    const rest = city ? words.filter((_, i) => i < city.start || i >= city.start + city.length) : words;
    const partial = this.partial(rest, city?.variant.entry.city);
    return partial ?? city?.variant.entry;
  }

  /** Exact run of the name's words in the query, else the closest window within the typo budget. */
  private match(variant: Variant, words: string[], windows: Windows): Match | undefined {
    const at = indexOfRun(words, variant.words);
    if (at >= 0) return { variant, distance: 0, start: at, length: variant.words.length };
    const budget = allowedTypos(variant.compact.length);
    if (budget === 0) return undefined;
    let best: Match | undefined;
    const n = variant.words.length;
    for (let size = Math.max(1, n - 1); size <= n + 1; size++) {
      for (let start = 0; start + size <= words.length; start++) {
        const window = windows.get(size, start);
        // Lengths further apart than the budget cannot be within it (editDistance says so too).
        if (Math.abs(window.length - variant.compact.length) > budget) continue;
        const distance = editDistance(window, variant.compact, budget);
        if (distance <= budget && (!best || distance < best.distance))
          best = { variant, distance, start, length: size };
      }
    }
    return best;
  }

  /** The first place whose name contains all the leftover words in order ("piccadilly" → Piccadilly Circus). */
  private partial(words: string[], city: string | undefined): Entry | undefined {
    if (words.join('').length < 4) return undefined;
    const hit = this.variants.find(
      (v) => !v.broad && (!city || v.entry.city === city) && indexOfRun(v.words, words) >= 0,
    );
    return hit?.entry;
  }
}
