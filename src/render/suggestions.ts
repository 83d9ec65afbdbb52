import type { IntentDefinition } from '../engine/intent';
import { intentPayload } from '../engine/payloads';
import { quick, type QuickReply } from '../engine/reply';

/** Quick replies that start the named intents, labelled with their `suggestion`; unknown names are skipped. */
export function suggestionReplies(
  intents: readonly IntentDefinition[],
  names: readonly string[],
): QuickReply[] {
  return names.flatMap((name) => {
    const intent = intents.find((i) => i.name === name);
    return intent ? [quick(intent.suggestion ?? intent.description ?? name, intentPayload(name))] : [];
  });
}

/**
 * An `intent:` payload with extra parameters; the engine hands them to the handler as
 * `ctx.params` (e.g. `period=last_week`, `confirm=<nonce>`).
 */
export function payloadWith(payload: string, params: Record<string, string>): string {
  const qs = new URLSearchParams(params).toString();
  if (!qs) return payload;
  return payload.includes('?') ? `${payload}&${qs}` : `${payload}?${qs}`;
}

/** What the bot offers when it greets or explains itself. */
export const MAIN_SUGGESTIONS = [
  'balance',
  'spending',
  'transactions',
  'atm.nearest',
  'privacy.info',
] as const;
