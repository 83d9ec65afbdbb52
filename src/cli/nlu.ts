import { createInterface } from 'node:readline';
import { loadBotFactory } from '../bot/registry';
import { loadConfig } from '../config/config';
import { TellerError } from '../engine/errors';
import { silentLogger } from '../logging/logger';
import { readExamplesCsv, splitExamples } from '../nlu/csv';
import { EmbeddedNlu } from '../nlu/embedded';
import { extractEntities } from '../nlu/entities';
import { evaluate, formatReport } from '../nlu/eval';
import { OUT_OF_SCOPE_INTENT, type Nlu } from '../nlu/types';

export interface EvalCommandOptions {
  train: string;
  test?: string;
  cv?: string;
  json?: boolean;
  threshold?: string;
  margin?: string;
}

function unit(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new TellerError('TELLER_ERR_CONFIG', `--${name} must be between 0 and 1`);
  return n;
}

/** `teller nlu eval`: accuracy, macro-F1, out-of-scope recall and the threshold trade-off. */
export async function nluEvalCommand(
  o: EvalCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  if (!o.test && !o.cv) throw new TellerError('TELLER_ERR_CONFIG', 'Give --test B.csv or --cv K');
  const cv = o.cv === undefined ? undefined : Number.parseInt(o.cv, 10);
  if (cv !== undefined && !(cv >= 2))
    throw new TellerError('TELLER_ERR_CONFIG', '--cv must be an integer ≥ 2');
  const result = await evaluate({
    train: readExamplesCsv(o.train),
    test: o.test ? readExamplesCsv(o.test) : undefined,
    cv,
    threshold: unit('threshold', o.threshold),
    margin: unit('margin', o.margin),
  });
  out.write(o.json ? JSON.stringify(result) + '\n' : formatReport(result) + '\n');
}

export interface ParseCommandOptions {
  bot?: string;
  train?: string;
  timezone?: string;
}

/** `teller nlu parse`: one JSON line per stdin line, from a bot's NLU or one trained on a CSV. */
export async function nluParseCommand(
  o: ParseCommandOptions,
  input: NodeJS.ReadableStream = process.stdin,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  let nlu: Nlu;
  if (o.train) {
    const { inScope, outOfScope } = splitExamples(readExamplesCsv(o.train));
    nlu = new EmbeddedNlu({ entityExtractor: extractEntities });
    // Out-of-scope rows train the NLU's background class.
    await nlu.train([...inScope, ...outOfScope.map((text) => ({ text, intent: OUT_OF_SCOPE_INTENT }))]);
  } else {
    const config = loadConfig();
    const bot = await loadBotFactory(o.bot ?? 'demo-bank')({
      publicUrl: config.PUBLIC_URL,
      logger: silentLogger(),
      cacheDir: config.TELLER_CACHE_DIR,
    });
    await bot.init();
    nlu = bot.nlu;
  }
  const timezone = o.timezone ?? loadConfig().TELLER_TIMEZONE;
  for await (const line of createInterface({ input, terminal: false })) {
    const text = line.trim();
    if (!text) continue;
    const r = await nlu.parse(text, { timezone });
    out.write(
      JSON.stringify({
        text,
        intent: r.intent,
        confidence: Number(r.confidence.toFixed(4)),
        outOfScope: r.outOfScope,
        entities: r.entities,
      }) + '\n',
    );
  }
}
