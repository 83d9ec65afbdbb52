import type { BankConnector } from '../connectors/types';
import type { Entities } from '../nlu/types';
import type { EntityName, IntentDefinition } from './intent';
import { slotPayload } from './payloads';
import { buttons, quick, text, type Reply } from './reply';

/**
 * What the customer reads at the engine's gates: the opt-in request before any bank data is read,
 * the confirmation once linked, and the question for a missing detail.
 */

/** The link gate: asks for opt-in at the bank, saying exactly what linking shares. */
export function linkRequest(connector: Pick<BankConnector, 'id' | 'displayName'>, url: string): Reply {
  return buttons(
    `To answer that I need your permission to read your accounts at ${connector.displayName}. ` +
      'Linking shares read-only balances and transactions with Teller — it can never move money, ' +
      'and you can unlink at any time.',
    [{ type: 'link', title: 'Link account', url, connector: connector.id }],
  );
}

/** After linking: what is now shared (the customer may have kept transaction detail back), and how to undo it. */
export function linkedConfirmation(displayName: string, scopes: readonly string[]): string {
  const shared = scopes.includes('transactions:read')
    ? 'balances and transactions'
    : 'balances (not your transactions)';
  return (
    `You're linked to ${displayName}. Teller can now read your ${shared} ` +
    `(read-only — it can't move money). Say "unlink" at any time to undo this.`
  );
}

export const LINK_NOT_CONFIRMED = "I couldn't confirm the link with your bank. Please try linking again.";

/**
 * The slot gate: the first required detail the intent still lacks, and the question that asks for it
 * (with its quick-reply options). A shared location answers an entity that accepts one.
 */
export function missingSlot(
  intent: IntentDefinition,
  entities: Entities,
  skipped: readonly EntityName[] | undefined,
  hasLocation: boolean,
): { entity: EntityName; question: Reply } | undefined {
  for (const [name, spec] of Object.entries(intent.entities ?? {}) as [
    EntityName,
    NonNullable<IntentDefinition['entities']>[EntityName],
  ][]) {
    if (!spec?.required || entities[name] !== undefined || skipped?.includes(name)) continue;
    if (spec.acceptLocation && hasLocation) continue;
    const options = (spec.options ?? []).map((o) => quick(o.title, slotPayload(name, o.value)));
    return { entity: name, question: text(spec.ask ?? 'Could you tell me more?', options) };
  }
  return undefined;
}
