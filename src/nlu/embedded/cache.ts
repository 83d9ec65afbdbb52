/**
 * On-disk model cache: `<cacheDir>/<key>.bin`, where the key is a SHA-256 over the model
 * format version, the resolved model options and the training examples (normalised and
 * sorted, so order and spacing/case differences that cannot change the model do not matter).
 * Writes are atomic (temp file + rename), so concurrent processes never read half a file; an
 * unreadable or stale file counts as a miss and is overwritten.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingExample } from '../types';
import { EmbeddedModel, resolveModelOptions, type PartialModelOptions } from './model';
import { compareStrings } from './prng';
import { MODEL_FORMAT_VERSION, modelFromBuffer, modelToBuffer } from './serialize';
import { normalizeText } from './tokenize';

/** Stable JSON: object keys sorted at every level. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareStrings(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The cache key of a training run (hex SHA-256). */
export function trainingKey(examples: readonly TrainingExample[], options: PartialModelOptions = {}): string {
  const rows = examples
    .filter((e) => e.text.trim() !== '' && e.intent !== '')
    .map((e) => [e.intent, normalizeText(e.text)] as const)
    .sort((a, b) => compareStrings(a[0], b[0]) || compareStrings(a[1], b[1]));
  const h = createHash('sha256');
  h.update(stableStringify({ version: MODEL_FORMAT_VERSION, options: resolveModelOptions(options) }));
  for (const [intent, text] of rows) h.update(`\u0000${intent}\u0001${text}`);
  return h.digest('hex');
}

export interface LoadOrTrainOptions {
  cacheDir: string;
  model?: PartialModelOptions;
}

export interface LoadOrTrainResult {
  model: EmbeddedModel;
  /** True when the model came from the cache. */
  hit: boolean;
  path: string;
}

/** Loads the cached model for these examples and options, or trains and caches it. */
export async function loadOrTrain(
  examples: readonly TrainingExample[],
  o: LoadOrTrainOptions,
): Promise<LoadOrTrainResult> {
  const path = join(o.cacheDir, `${trainingKey(examples, o.model)}.bin`);
  let cached: Buffer | undefined;
  try {
    cached = readFileSync(path);
  } catch {
    cached = undefined;
  }
  if (cached) {
    try {
      return { model: modelFromBuffer(cached), hit: true, path };
    } catch {
      // Corrupt or from another format version: retrain and overwrite below.
    }
  }
  const model = await EmbeddedModel.trainAsync(examples, o.model);
  mkdirSync(o.cacheDir, { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, modelToBuffer(model));
  renameSync(tmp, path);
  return { model, hit: false, path };
}
