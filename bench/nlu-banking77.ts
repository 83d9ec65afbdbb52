/**
 * Benchmark of the embedded NLU on banking77 (or any `text,category` CSV):
 *   npx tsx bench/nlu-banking77.ts /work/shared/datasets/banking77-train.csv [--folds 5] [--quick]
 *     [--model '{"mlpCount":1}']
 * Prints JSON: k-fold CV accuracy and macro-F1, full-set train time, parse p50/p99, model size
 * and load time. `--quick` skips the cross-validation; `--model` overrides classifier options.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExamplesCsv, splitExamples } from '../src/nlu/csv';
import { EmbeddedNlu, type PartialModelOptions } from '../src/nlu/embedded';
import { evaluate } from '../src/nlu/eval';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const path =
    args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--')) ??
    '/work/shared/datasets/banking77-train.csv';
  const modelArg = args.indexOf('--model');
  const model = modelArg >= 0 ? (JSON.parse(args[modelArg + 1] ?? '{}') as PartialModelOptions) : undefined;
  const foldsArg = args.indexOf('--folds');
  const folds = foldsArg >= 0 ? Number(args[foldsArg + 1]) : 5;
  const quick = args.includes('--quick');
  const rows = readExamplesCsv(path);
  const { inScope } = splitExamples(rows);
  const out: Record<string, unknown> = { dataset: path, examples: rows.length, model };

  const nlu = new EmbeddedNlu({ model });
  const t0 = performance.now();
  await nlu.train(inScope);
  out.train_ms_full = Math.round(performance.now() - t0);
  out.train_breakdown = nlu.model?.trainStats;

  const times: number[] = [];
  for (const r of inScope.slice(0, 2000)) {
    const t = performance.now();
    await nlu.parse(r.text);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  out.parse_ms_p50 = Number((times[Math.floor(times.length * 0.5)] ?? 0).toFixed(4));
  out.parse_ms_p99 = Number((times[Math.floor(times.length * 0.99)] ?? 0).toFixed(4));

  const dir = mkdtempSync(join(tmpdir(), 'teller-nlu-bench-'));
  try {
    const file = join(dir, 'model.bin');
    nlu.save(file);
    out.model_bytes = statSync(file).size;
    const t1 = performance.now();
    const loaded = EmbeddedNlu.load(file);
    out.load_ms = Number((performance.now() - t1).toFixed(1));
    const a = await nlu.parse(inScope[0]?.text ?? '');
    const b = await loaded.parse(inScope[0]?.text ?? '');
    out.load_roundtrip_identical = JSON.stringify(a) === JSON.stringify(b);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (!quick) {
    // Pure classification accuracy: no out-of-scope rule (every message gets its top intent,
    // even when the background class of synthetic negatives wins).
    const r = await evaluate({
      train: rows,
      cv: folds,
      threshold: 0,
      nluFactory: () => {
        const inner = new EmbeddedNlu({ threshold: 0, margin: 0, minCoverage: 0, model });
        return {
          train: (examples) => inner.train(examples),
          parse: async (text) => {
            const res = await inner.parse(text);
            return { ...res, intent: res.ranking[0]?.intent ?? null, outOfScope: false };
          },
        };
      },
    });
    out.cv_folds = folds;
    out.cv_accuracy = Number(r.accuracy.toFixed(4));
    out.cv_macro_f1 = Number(r.macro_f1.toFixed(4));
    out.cv_train_ms_per_fold = Math.round(r.train_ms);
    out.cv_parse_ms_p50 = Number(r.parse_ms_p50.toFixed(4));
    out.cv_tradeoff_threshold_only = r.tradeoff;
  }
  console.log(JSON.stringify(out, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
