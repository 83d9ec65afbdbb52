/**
 * Synthetic out-of-scope examples for training without (enough) real ones: splices of the
 * first half of one training message and the second half of a message of another intent
 * ("where do you verify the top up", "my card hasnt came up get pulled back out"). They look
 * like customer messages and use the bot's own vocabulary, but mean none of its intents, so
 * the classifier learns a "none of the above" region between the intents instead of
 * stretching every intent up to its neighbours. Deterministic: a seeded PRNG over the
 * canonically sorted examples.
 */
import { OUT_OF_SCOPE_INTENT, isOutOfScopeLabel, type TrainingExample } from '../types';
import { mulberry32 } from './prng';
import { tokenize } from './tokenize';

const { ceil, floor, round } = Math;
const SEED = 0x5eed;

/**
 * `share` × (number of in-scope examples) splices, labelled {@link OUT_OF_SCOPE_INTENT};
 * none when there are fewer than two intents. `examples` must be in canonical order.
 */
export function spliceNegatives(examples: readonly TrainingExample[], share: number): TrainingExample[] {
  const pool = examples.filter((e) => !isOutOfScopeLabel(e.intent));
  const count = round(share * pool.length);
  if (count <= 0 || new Set(pool.map((e) => e.intent)).size < 2) return [];
  const rng = mulberry32(SEED);
  const pick = (): TrainingExample => pool[floor(rng() * pool.length)] as TrainingExample;
  const out: TrainingExample[] = [];
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const a = pick();
    const b = pick();
    if (a.intent === b.intent) continue;
    const ta = tokenize(a.text);
    const tb = tokenize(b.text);
    const text = [...ta.slice(0, ceil(ta.length / 2)), ...tb.slice(floor(tb.length / 2))].join(' ');
    if (text !== '') out.push({ text, intent: OUT_OF_SCOPE_INTENT });
  }
  return out;
}
