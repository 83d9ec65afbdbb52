/**
 * Entity extraction for banking chat. extractEntities runs the extractors in a fixed order and
 * masks each entity's words before the next one looks, so one phrase never yields two
 * conflicting entities ("last month" is a date, not a merchant; "over 100" is an amount, not a
 * count; "ATM near M1" is a place). A merchant wins over a category for the same word ("uber").
 */
import type { Entities, ParseContext } from '../types';
import { findAccountType } from './account-type';
import { findAmount } from './amount';
import { findCategory } from './category';
import { findCount } from './count';
import { findDateRange } from './dates';
import { findMerchant } from './merchant';
import { findPlace } from './place';
import { mask } from './text';

export { ACCOUNT_TYPE_SYNONYMS, extractAccountType, findAccountType } from './account-type';
export { extractAmount, findAmount } from './amount';
export { CATEGORY_SYNONYMS, extractCategory, findCategory, findCategories } from './category';
export { extractCount, findCount } from './count';
export { extractDateRange, findDateRange } from './dates';
export { extractMerchant, findMerchant } from './merchant';
export { DEFAULT_MERCHANTS } from './merchants';
export { extractPlace, findPlace } from './place';
export type { Found } from './text';

export interface ExtractOptions {
  /** The bank's merchant names, recognised anywhere in the text (in addition to DEFAULT_MERCHANTS). */
  knownMerchants?: readonly string[];
}

/** All entities in a message. Synchronous and cheap (tens of microseconds for a chat message). */
export function extractEntities(text: string, ctx?: ParseContext, options?: ExtractOptions): Entities {
  const entities: Entities = {};
  let rest = text;

  const date = findDateRange(rest, ctx);
  if (date) entities.dateRange = date.value;
  rest = mask(rest, [date]);

  const place = findPlace(rest);
  if (place) entities.place = place.value;
  rest = mask(rest, [place]);

  const amount = findAmount(rest, ctx);
  if (amount) entities.amount = amount.value;
  rest = mask(rest, [amount]);

  const count = findCount(rest);
  if (count) entities.count = count.value;
  rest = mask(rest, [count]);

  const account = findAccountType(rest);
  if (account) entities.accountType = account.value;
  rest = mask(rest, [account]);

  const merchant = findMerchant(rest, options?.knownMerchants);
  if (merchant) entities.merchant = merchant.value;
  rest = mask(rest, [merchant]);

  const category = findCategory(rest);
  if (category) entities.category = category.value;

  return entities;
}
