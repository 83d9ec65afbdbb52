import { createHash } from 'node:crypto';
import type { EntityName } from '../engine/intent';
import { ACCOUNT_TYPE_SYNONYMS, findAccountType } from '../nlu/entities/account-type';
import { CATEGORY_SYNONYMS, findCategory } from '../nlu/entities/category';
import { findMerchant } from '../nlu/entities/merchant';
import { DEFAULT_MERCHANTS } from '../nlu/entities/merchants';
import { mask, type Found } from '../nlu/entities/text';

/** A UUID-shaped id derived from `seed`, so exporting twice gives identical files. */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** How each Teller entity appears in the agent: parameter name and Dialogflow entity type. */
export const PARAMETERS: Record<EntityName, { name: string; dataType: string }> = {
  accountType: { name: 'account-type', dataType: '@account-type' },
  category: { name: 'category', dataType: '@category' },
  merchant: { name: 'merchant', dataType: '@merchant' },
  dateRange: { name: 'date-period', dataType: '@sys.date-period' },
  count: { name: 'number', dataType: '@sys.number-integer' },
  amount: { name: 'unit-currency', dataType: '@sys.unit-currency' },
  place: { name: 'address', dataType: '@sys.address' },
};

export interface EntityEntry {
  value: string;
  synonyms: string[];
}

/** Teller's own synonym lists as Dialogflow custom entity types (the values are Teller's). */
export function customEntityTypes(): { name: string; automatedExpansion: boolean; entries: EntityEntry[] }[] {
  const entries = (m: Readonly<Record<string, readonly string[]>>) =>
    Object.entries(m).map(([value, syn]) => ({ value, synonyms: [...new Set([value, ...syn])] }));
  return [
    { name: 'account-type', automatedExpansion: false, entries: entries(ACCOUNT_TYPE_SYNONYMS) },
    { name: 'category', automatedExpansion: false, entries: entries(CATEGORY_SYNONYMS) },
    { name: 'merchant', automatedExpansion: true, entries: entries(DEFAULT_MERCHANTS) },
  ];
}

export interface Part {
  text: string;
  userDefined: false;
  alias?: string;
  meta?: string;
}

const KNOWN_MERCHANTS = new Set(Object.keys(DEFAULT_MERCHANTS));

/**
 * A training phrase split into Dialogflow parts, with Teller's custom entities annotated where the
 * intent reads them (found by Teller's own extractors; a merchant only when it is a known one). The
 * parts always join back to the example exactly.
 */
export function annotate(example: string, reads: ReadonlySet<EntityName>): Part[] {
  const spans: (Found<string> & { entity: EntityName })[] = [];
  let rest = example;
  const take = (entity: EntityName, found: Found<string> | undefined) => {
    if (!found || !reads.has(entity) || found.end <= found.start) return;
    spans.push({ ...found, entity });
    rest = mask(rest, [found]);
  };
  take('accountType', findAccountType(rest));
  const merchant = findMerchant(rest);
  take('merchant', merchant && KNOWN_MERCHANTS.has(merchant.value) ? merchant : undefined);
  take('category', findCategory(rest));
  spans.sort((a, b) => a.start - b.start);
  const parts: Part[] = [];
  let pos = 0;
  for (const s of spans) {
    if (s.start > pos) parts.push({ text: example.slice(pos, s.start), userDefined: false });
    const p = PARAMETERS[s.entity];
    parts.push({ text: example.slice(s.start, s.end), alias: p.name, meta: p.dataType, userDefined: false });
    pos = s.end;
  }
  if (pos < example.length) parts.push({ text: example.slice(pos), userDefined: false });
  return parts;
}
