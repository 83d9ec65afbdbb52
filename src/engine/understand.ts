import type { Entities, NluResult } from '../nlu/types';
import type { TurnContext } from './context';
import type { EntityName, IntentDefinition, IntentParams } from './intent';
import { parsePayload } from './payloads';

/** An intent with everything needed to run it. */
export interface Resolved {
  intent: IntentDefinition;
  entities: Entities;
  params: IntentParams;
  /** Entities the customer answered "any" to: never asked again for this question. */
  skipped?: EntityName[];
}

/** How the engine decided what the turn means; read by the router. */
export type Understanding =
  | ({ kind: 'intent' } & Resolved)
  | { kind: 'linked'; connector: string }
  | { kind: 'choice'; options: IntentDefinition[] }
  | { kind: 'fallback' };

export interface UnderstandDeps {
  intents: ReadonlyMap<string, IntentDefinition>;
  parse(text: string): Promise<NluResult>;
  fallbackIntent: string;
  greetingIntent: string;
  followUpWindowMs: number;
  /** Lowest confidence for an intent to be offered in "Did you mean…?". */
  choiceFloor: number;
}

const FOLLOW_UP_CUE = /^\s*(and|also|what about|how about|same for|ok and|okay and|what of)\b/i;

/** Entities found in the text that the intent declares it uses. */
function relevant(intent: IntentDefinition, entities: Entities): Entities {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(intent.entities ?? {}) as EntityName[]) {
    if (entities[name] !== undefined) out[name] = entities[name];
  }
  return out as Entities;
}

function paramsFrom(intent: IntentDefinition, text: string): IntentParams {
  return text && intent.params ? intent.params(text) : {};
}

export function requiresBank(intent: IntentDefinition | undefined): boolean {
  return !!intent?.requires && intent.requires.length > 0;
}

/** Slot answer from free text: the entity if the extractor found it, else a matching option title. */
function slotFromText(
  intent: IntentDefinition,
  entity: EntityName,
  text: string,
  entities: Entities,
): Entities | 'skip' | undefined {
  if (entities[entity] !== undefined) return { [entity]: entities[entity] } as Entities;
  const spec = intent.entities?.[entity];
  const norm = text.trim().toLowerCase();
  const option = spec?.options?.find((o) => o.title.toLowerCase() === norm || o.value.toLowerCase() === norm);
  if (option?.value === '*') return 'skip';
  if (option) return valueToEntity(entity, option.value);
  if (entity === 'place' && norm.length > 1 && norm.split(/\s+/).length <= 8) return { place: text.trim() };
  return undefined;
}

export function valueToEntity(entity: EntityName, value: string): Entities | undefined {
  switch (entity) {
    case 'accountType':
      return value === 'checking' || value === 'savings' || value === 'credit_card'
        ? { accountType: value }
        : undefined;
    case 'count': {
      const n = Number.parseInt(value, 10);
      return Number.isSafeInteger(n) && n > 0 ? { count: n } : undefined;
    }
    case 'place':
    case 'merchant':
      return { [entity]: value.slice(0, 100) } as Entities;
    case 'category':
      return { category: value as Entities['category'] };
    default:
      return undefined;
  }
}

export async function understand(ctx: TurnContext, deps: UnderstandDeps): Promise<Understanding> {
  const { turn, session } = ctx;
  const pending = session.pending;
  const pendingIntent = pending ? deps.intents.get(pending.intent) : undefined;
  const resume = (entities: Entities, params: IntentParams = {}, skip?: EntityName): Understanding => ({
    kind: 'intent',
    intent: pendingIntent!,
    entities: { ...pending!.entities, ...entities },
    params: { ...pending!.params, ...params },
    skipped: skip ? [...(pending!.skipped ?? []), skip] : pending!.skipped,
  });

  if (turn.postback) {
    const p = parsePayload(turn.postback.payload);
    if (p.kind === 'get_started') return known(deps, deps.greetingIntent);
    if (p.kind === 'linked') return { kind: 'linked', connector: p.connector };
    if (p.kind === 'intent') {
      const intent = deps.intents.get(p.intent);
      if (intent) {
        // A button tapped in answer to "Did you mean…?" keeps the entities of the original question.
        const carried = pending?.waitingFor.kind === 'choice' ? relevant(intent, pending.entities) : {};
        return { kind: 'intent', intent, entities: { ...carried, ...p.entities }, params: p.params };
      }
    }
    if (p.kind === 'slot' && pendingIntent && pending?.waitingFor.kind === 'slot') {
      if (p.value === '*') return resume({}, {}, p.entity);
      const filled = valueToEntity(p.entity, p.value);
      if (filled) return resume(filled);
    }
    // Unknown or stale payloads fall through to reading the button's label as text.
  }

  if (turn.location) {
    if (
      pendingIntent &&
      pending?.waitingFor.kind === 'slot' &&
      pendingIntent.entities?.[pending.waitingFor.entity]?.acceptLocation
    )
      return resume({});
    const byLocation = [...deps.intents.values()].find((i) =>
      Object.values(i.entities ?? {}).some((spec) => spec?.acceptLocation),
    );
    return byLocation
      ? { kind: 'intent', intent: byLocation, entities: {}, params: {} }
      : { kind: 'fallback' };
  }

  const text = ctx.text;
  if (!text.trim()) return { kind: 'fallback' };
  const nlu = await deps.parse(text);
  ctx.nlu = nlu;
  const top = nlu.intent && !nlu.outOfScope ? deps.intents.get(nlu.intent) : undefined;

  // An answer to the question the bot just asked resumes the waiting intent.
  if (pendingIntent && pending?.waitingFor.kind === 'slot') {
    const answer = slotFromText(pendingIntent, pending.waitingFor.entity, text, nlu.entities);
    const confidentlyElse =
      top && top.name !== pendingIntent.name && top.name !== deps.fallbackIntent && nlu.confidence >= 0.6;
    if (answer === 'skip') return resume({}, {}, pending.waitingFor.entity);
    if (answer && !confidentlyElse)
      return resume({ ...relevant(pendingIntent, nlu.entities), ...answer }, paramsFrom(pendingIntent, text));
  }

  // Follow-ups: "and last week?" right after a spending answer re-runs spending with the new period.
  const last = session.last;
  const lastIntent = last ? deps.intents.get(last.intent) : undefined;
  if (
    last &&
    lastIntent &&
    lastIntent.followUps !== false &&
    ctx.now().getTime() - last.at <= deps.followUpWindowMs
  ) {
    const update = relevant(lastIntent, nlu.entities);
    const newParams = paramsFrom(lastIntent, text);
    const hasUpdate = Object.keys(update).length > 0 || Object.keys(newParams).length > 0;
    const cue = FOLLOW_UP_CUE.test(text);
    const short = text.trim().split(/\s+/).length <= 6;
    const unsure = !top || top.name === deps.fallbackIntent || nlu.confidence < 0.5;
    if (hasUpdate && (cue || (short && unsure)) && (!top || top.name === lastIntent.name || cue || unsure))
      return {
        kind: 'intent',
        intent: lastIntent,
        entities: { ...last.entities, ...update },
        params: { ...last.params, ...newParams },
        skipped: last.skipped,
      };
  }

  if (top) return { kind: 'intent', intent: top, entities: nlu.entities, params: paramsFrom(top, text) };

  // Ambiguous between bank-data intents: ask rather than act on a guess.
  const candidates = nlu.ranking
    .filter((r) => r.confidence >= deps.choiceFloor)
    .map((r) => deps.intents.get(r.intent))
    .filter((i): i is IntentDefinition => !!i && i.name !== deps.fallbackIntent);
  if (candidates.length >= 2 && requiresBank(candidates[0]))
    return { kind: 'choice', options: candidates.slice(0, 3) };
  return { kind: 'fallback' };
}

function known(deps: UnderstandDeps, name: string): Understanding {
  const intent = deps.intents.get(name);
  return intent ? { kind: 'intent', intent, entities: {}, params: {} } : { kind: 'fallback' };
}
