/**
 * The out-of-scope proxy for CLINC150 built from banking77 plus hand-written out-of-domain
 * queries (`bench/data/ood-*.txt`). Shared by `bench/nlu-oos-proxy.ts` and experiments.
 *
 * banking77's 77 intents are shuffled with a fixed seed and split into 52 known intents, 10
 * "dev unseen" and 10 "final unseen" intents (their queries are out of scope), and 5 intents
 * whose queries may serve as out-of-scope training rows. Known intents: 100 training queries
 * each (CLINC's size), the rest split in half between the dev and final in-scope test sets.
 *
 * - dev (for tuning): in-scope dev half + 40 queries of each dev-unseen intent + the odd lines
 *   of `ood-tune.txt`;
 * - final (report only): in-scope final half + 40 queries of each final-unseen intent + all of
 *   `ood-heldout.txt` (written before tuning, never used to choose anything).
 * - oos training rows (the "with oos rows" variant, 100 like CLINC's full set): the even lines
 *   of `ood-tune.txt` + 9 queries from each of the 5 pool intents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledExample } from '../src/nlu/csv';
import { readExamplesCsv } from '../src/nlu/csv';
import { mulberry32, shuffleInPlace } from '../src/nlu/embedded/prng';

export interface ProxySplit {
  train: LabelledExample[];
  oosTrain: LabelledExample[];
  dev: LabelledExample[];
  final: LabelledExample[];
  /** Which test rows are out-of-domain (hand-written) rather than unseen banking intents. */
  ood: Set<string>;
  known: string[];
}

export function readLines(file: string): string[] {
  return readFileSync(join(__dirname, 'data', file), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function proxySplit(csv = '/work/shared/datasets/banking77-train.csv'): ProxySplit {
  const rows = readExamplesCsv(csv);
  const by = new Map<string, string[]>();
  for (const r of rows) if (r.intent !== null) by.set(r.intent, [...(by.get(r.intent) ?? []), r.text]);
  const intents = [...by.keys()].sort();
  const rng = mulberry32(2024);
  shuffleInPlace(intents, rng);
  const devUnseen = intents.slice(0, 10);
  const finalUnseen = intents.slice(10, 20);
  const pool = intents.slice(20, 25);
  const known = intents.slice(25).sort();
  const texts = (intent: string): string[] => {
    const t = [...(by.get(intent) ?? [])];
    shuffleInPlace(t, rng);
    return t;
  };
  const train: LabelledExample[] = [];
  const dev: LabelledExample[] = [];
  const final: LabelledExample[] = [];
  for (const intent of known) {
    const t = texts(intent);
    train.push(...t.slice(0, 100).map((text) => ({ text, intent })));
    t.slice(100).forEach((text, i) => (i % 2 === 0 ? dev : final).push({ text, intent }));
  }
  for (const intent of devUnseen)
    dev.push(
      ...texts(intent)
        .slice(0, 40)
        .map((text) => ({ text, intent: null })),
    );
  for (const intent of finalUnseen)
    final.push(
      ...texts(intent)
        .slice(0, 40)
        .map((text) => ({ text, intent: null })),
    );
  const tune = readLines('ood-tune.txt');
  const held = readLines('ood-heldout.txt');
  const oosTrain: LabelledExample[] = [
    ...tune.filter((_, i) => i % 2 === 0).map((text) => ({ text, intent: null })),
    ...pool.flatMap((intent) =>
      texts(intent)
        .slice(0, 9)
        .map((text) => ({ text, intent: null })),
    ),
  ];
  const devOod = tune.filter((_, i) => i % 2 === 1);
  dev.push(...devOod.map((text) => ({ text, intent: null })));
  final.push(...held.map((text) => ({ text, intent: null })));
  return { train, oosTrain, dev, final, ood: new Set([...devOod, ...held]), known };
}
