/**
 * Routing of real customer phrasing through the demo bot's NLU (every built-in intent in
 * `intents/`, trained as the engine trains it):
 *
 *   npx tsx bench/nlu-routing.ts [bench/data/routing-heldout.csv] [--nlu '{"threshold":0.4}'] [--misses]
 *
 * The CSV has `intent,text` rows; intent `unrelated` marks queries no intent should act on.
 * A row is routed to the NLU's intent, or to `fallback` when the NLU says out of scope (the
 * engine may then ask "Did you mean…?" between bank intents: counted apart, as not routed).
 * Prints JSON: share of in-scope paraphrases routed right, share of unrelated queries sent to
 * a bank-data intent (balance, spending, transactions, atm.nearest), and with `--misses` the
 * rows that went wrong. `routing-tune.csv` is for tuning; `routing-heldout.csv` for reporting.
 */
import { loadIntents } from '../src/engine/loader';
import { readExamplesCsv } from '../src/nlu/csv';
import { EmbeddedNlu, type EmbeddedNluOptions } from '../src/nlu/embedded';

export const BANK_DATA_INTENTS: ReadonlySet<string> = new Set([
  'balance',
  'spending',
  'transactions',
  'atm.nearest',
]);
const CHOICE_FLOOR = 0.15; // the engine's "Did you mean…?" floor

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--nlu');
  const extra = i >= 0 ? (JSON.parse(args[i + 1] ?? '{}') as EmbeddedNluOptions) : {};
  const file =
    args.find((a, k) => !a.startsWith('--') && !(args[k - 1] ?? '').startsWith('--')) ??
    'bench/data/routing-heldout.csv';
  const intents = loadIntents();
  const nlu = new EmbeddedNlu({ ...extra, cacheDir: '.teller/bench-nlu' });
  await nlu.train(intents.flatMap((d) => d.examples.map((text) => ({ text, intent: d.name }))));
  const rows = readExamplesCsv(file).map((r) => ({ text: r.text, expected: r.intent ?? 'unrelated' }));
  let inN = 0;
  let inOk = 0;
  let inChoice = 0;
  let unN = 0;
  let unBank = 0;
  let unFallback = 0;
  const misses: { text: string; expected: string; got: string; confidence: number }[] = [];
  for (const r of rows) {
    const res = await nlu.parse(r.text);
    const routed = res.intent && !res.outOfScope ? res.intent : 'fallback';
    const candidates = res.ranking.filter((x) => x.confidence >= CHOICE_FLOOR && x.intent !== 'fallback');
    const choice =
      routed === 'fallback' && candidates.length >= 2 && BANK_DATA_INTENTS.has(candidates[0]?.intent ?? '');
    const got = choice ? `choice(${candidates.map((c) => c.intent).join('|')})` : routed;
    const confidence = Number(res.confidence.toFixed(3));
    if (r.expected === 'unrelated') {
      unN++;
      if (BANK_DATA_INTENTS.has(routed)) unBank++;
      if (routed === 'fallback') unFallback++;
      if (BANK_DATA_INTENTS.has(routed)) misses.push({ text: r.text, expected: r.expected, got, confidence });
    } else {
      inN++;
      if (routed === r.expected) inOk++;
      else {
        if (choice) inChoice++;
        misses.push({ text: r.text, expected: r.expected, got, confidence });
      }
    }
  }
  const pct = (a: number, b: number): number => Number(((100 * a) / (b || 1)).toFixed(1));
  console.log(
    JSON.stringify(
      {
        file,
        nlu: extra,
        paraphrases: inN,
        routed_right_pct: pct(inOk, inN),
        did_you_mean_pct: pct(inChoice, inN),
        unrelated: unN,
        unrelated_to_bank_data_pct: pct(unBank, unN),
        unrelated_to_fallback_pct: pct(unFallback, unN),
        misses: args.includes('--misses') ? misses : misses.length,
      },
      null,
      1,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
