/**
 * Out-of-scope proxy for CLINC150 (see `nlu-oos-proxy-split.ts` for how it is built):
 *
 *   npx tsx bench/nlu-oos-proxy.ts [--final] [--csv banking77.csv] [--nlu '{"familiarity":0.5}']
 *
 * Scores the embedded NLU with `evaluate()` — what `teller nlu eval --train --test` runs —
 * trained without and with 100 out-of-scope rows, on the dev split (default; for tuning) or
 * the final one (`--final`; held out, for reporting). Prints JSON per variant: in-scope
 * accuracy and out-of-scope recall at the default threshold, recall split into unseen banking
 * intents and hand-written out-of-domain queries, and the threshold sweep.
 * Models are cached in `.teller/bench-nlu` (keyed by the training data).
 */
import type { LabelledExample } from '../src/nlu/csv';
import { EmbeddedNlu, type EmbeddedNluOptions } from '../src/nlu/embedded';
import { evaluate, type EvaluationResult } from '../src/nlu/eval';
import { proxySplit } from './nlu-oos-proxy-split';

const round = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(4)));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const extra = JSON.parse(arg('--nlu') ?? '{}') as EmbeddedNluOptions;
  const split = proxySplit(arg('--csv'));
  const which = args.includes('--final') ? 'final' : 'dev';
  const test = split[which];
  const inScope = test.filter((r) => r.intent !== null);
  const unseen = test.filter((r) => r.intent === null && !split.ood.has(r.text));
  const ood = test.filter((r) => r.intent === null && split.ood.has(r.text));
  const out: Record<string, unknown> = {
    split: which,
    intents: split.known.length,
    test: { in_scope: inScope.length, unseen: unseen.length, ood: ood.length },
    nlu: extra,
  };
  for (const [name, train] of [
    ['without_oos_rows', split.train],
    ['with_oos_rows', [...split.train, ...split.oosTrain]],
  ] as const) {
    const run = (rows: LabelledExample[]): Promise<EvaluationResult> =>
      evaluate({
        train,
        test: rows,
        threshold: extra.threshold,
        margin: extra.margin,
        nluFactory: (o) =>
          new EmbeddedNlu({
            ...extra,
            threshold: o.threshold,
            margin: o.margin,
            cacheDir: '.teller/bench-nlu',
          }),
      });
    const all = await run(test);
    const u = await run([...inScope, ...unseen]);
    const d = await run([...inScope, ...ood]);
    out[name] = {
      threshold: all.threshold,
      in_scope_accuracy: round(all.in_scope_accuracy),
      oos_recall: round(all.oos_recall),
      unseen_intent_recall: round(u.oos_recall),
      out_of_domain_recall: round(d.oos_recall),
      train_ms: Math.round(all.train_ms),
      parse_ms_p50: round(all.parse_ms_p50),
      sweep: all.tradeoff.map((t) => ({
        threshold: t.threshold,
        in_scope: round(t.in_scope_accuracy),
        oos: round(t.oos_recall),
        unseen: round(u.tradeoff.find((x) => x.threshold === t.threshold)?.oos_recall ?? null),
        ood: round(d.tradeoff.find((x) => x.threshold === t.threshold)?.oos_recall ?? null),
      })),
    };
  }
  console.log(JSON.stringify(out, null, 1));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
