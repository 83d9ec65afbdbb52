import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TellerError } from './errors';
import { isIntentDefinition, type IntentDefinition } from './intent';

/** The framework's built-in intents folder. */
export const BUILT_IN_INTENTS_DIR = resolve(__dirname, '..', '..', 'intents');

/**
 * Loads every intent file in `dir` (each default-exports `defineIntent(...)`). With `pick`, only
 * those names, in that order. Adding a file is all it takes to add an intent.
 */
export function loadIntents(
  dir: string = BUILT_IN_INTENTS_DIR,
  pick?: readonly string[],
): IntentDefinition[] {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !/\.(test|d)\.(ts|js)$/.test(f) && !f.startsWith('_'))
    .sort();
  const all: IntentDefinition[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, file)) as { default?: unknown };
    if (!isIntentDefinition(mod.default))
      throw new TellerError('TELLER_ERR_INTENT_INVALID', `${file} must default-export defineIntent({...})`);
    all.push(mod.default);
  }
  if (!pick) return all;
  return pick.map((name) => {
    const found = all.find((i) => i.name === name);
    if (!found) throw new TellerError('TELLER_ERR_INTENT_INVALID', `No intent named "${name}" in ${dir}`);
    return found;
  });
}
