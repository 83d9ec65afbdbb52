/**
 * Merchants: known names anywhere ("tesco this month"), else a name after "at/from/on/with"
 * ("at Joe's Cafe"), else a capitalised name before "spending/purchases" ("Greggs spending").
 * Categories, dates, account words, amounts and generic places ("at the station") are not merchants.
 */
import type { ParseContext } from '../types';
import { findAccountType } from './account-type';
import { findAmount } from './amount';
import { isCategoryPhrase } from './category';
import { findDateRange } from './dates';
import { MONTH_NAMES, WEEKDAY_NAMES } from './dates/words';
import { PhraseMatcher } from './fuzzy';
import { COMMON_WORD_MERCHANTS, DEFAULT_MERCHANTS } from './merchants';
import { allMatches, mask, normalizeWord, titleCase, type Found } from './text';

const defaultEntries = Object.entries(DEFAULT_MERCHANTS).flatMap(([name, aliases]) =>
  [name, ...aliases].map((alias) => [alias, name] as const),
);
const defaultMatcher = new PhraseMatcher<string>(defaultEntries);
const matcherCache = new WeakMap<readonly string[], PhraseMatcher<string>>();

function matcherFor(known: readonly string[] | undefined): PhraseMatcher<string> {
  if (!known || known.length === 0) return defaultMatcher;
  let m = matcherCache.get(known);
  if (!m) {
    m = new PhraseMatcher<string>([...known.map((k) => [k, k] as const), ...defaultEntries]);
    matcherCache.set(known, m);
  }
  return m;
}

/** A known merchant named anywhere in the text (exact, plural-tolerant; no typo guessing). */
function findKnown(text: string, known: readonly string[] | undefined): Found<string> | undefined {
  for (const m of matcherFor(known).findAll(text, false)) {
    const typed = text.slice(m.start, m.end);
    // "boots" is footwear and "target" a goal unless the user wrote a capital.
    if (COMMON_WORD_MERCHANTS.has(normalizeWord(m.value)) && !/^\p{Lu}/u.test(typed)) continue;
    return { value: m.value, start: m.start, end: m.end };
  }
  return undefined;
}

/** Words that cannot start a merchant name (determiners, pronouns, generic places, time words). */
const NOT_A_NAME = new Set([
  ...MONTH_NAMES,
  ...WEEKDAY_NAMES,
  ...'i we they he she the a an my our your their his her its this that these those it me us them you him here there home work school uni office'.split(
    ' ',
  ),
  ...'station airport hospital atm atms cashpoint cashpoints bank branch shop shops store stores mall market town city centre center'.split(
    ' ',
  ),
  ...'all any some average least most time times night weekend weekends weekdays top line online once what which how where when each every'.split(
    ' ',
  ),
  ...'today yesterday tonight tomorrow now last this next past previous recent recently purpose behalf hold record earth total'.split(
    ' ',
  ),
  ...'cash card cards account accounts credit debit transfer transfers payment payments purchase purchases stuff things'.split(
    ' ',
  ),
]);

/** Words that end a merchant name. */
const STOP = new Set(
  (
    'and or but for in on at from with to since during between over under this last past next yesterday today ' +
    'tonight near by so because when where which that please thanks thank how what is was were are be been did do ' +
    'does i me my you we they it using via recently lately so far each every per than about around'
  ).split(' '),
);

const NAME_TOKEN = /^\s?([\p{L}\p{N}](?:[\p{L}\p{N}'’&.+-]*[\p{L}\p{N}+])?)/u;
const AFTER_PREPOSITION =
  /(?<![\p{L}\p{N}])(?:at|from|(?<loose>on|with)|(?:paid|pay|payments?|sent|send|transfers?|transferred)\s+to)\s+(?=[\p{L}\p{N}])/giu;
const BEFORE_NOUN =
  /(?<![\p{L}\p{N}])((?:\p{Lu}[\p{L}\p{N}'’&.+-]*\s){1,3})(?:spending|spend|purchases?|transactions?|payments?|orders?|bills?|charges?|receipts?)(?![\p{L}])/gu;

const OPENERS =
  /^(?:show|how|what|total|my|all|monthly|weekly|daily|list|see|check|get|give|any|recent|latest|your|our|last|this|whats|what's)$/i;

function acceptable(name: string, raw: string): boolean {
  const words = name.split(/\s+/).map(normalizeWord);
  const first = words[0] ?? '';
  // "The Ivy" is a name when both words are capitalised; lower-case "the station" is not.
  if (first === 'the' && /^The\s+\p{Lu}/u.test(raw) && words.length > 1)
    return acceptable(name.slice(4), raw.slice(4));
  if (NOT_A_NAME.has(first) || /^\d+(?:[.:]\d+)?(?:am|pm|st|nd|rd|th|k|p)?$/i.test(first)) return false;
  if (isCategoryPhrase(first) || isCategoryPhrase(name)) return false;
  return !findAccountType(name);
}

function nameAfter(text: string, from: number): { name: string; end: number } | undefined {
  const words: string[] = [];
  let pos = from;
  while (words.length < 4) {
    const m = NAME_TOKEN.exec(text.slice(pos));
    const word = m?.[1];
    if (!m || !word || (words.length > 0 && STOP.has(normalizeWord(word)))) break;
    words.push(word);
    pos += m[0].length;
  }
  const name = words.join(' ');
  return name ? { name, end: pos } : undefined;
}

/** The merchant in text the caller may already have masked; see extractMerchant. */
export function findMerchant(text: string, knownMerchants?: readonly string[]): Found<string> | undefined {
  const known = findKnown(text, knownMerchants);
  if (known) return known;
  for (const m of allMatches(AFTER_PREPOSITION, text)) {
    const start = m.index + m[0].length;
    const found = nameAfter(text, start);
    // "spent on sweets", "out with friends": after on/with an unknown name needs a capital.
    if (m.groups?.loose && !/^[\p{Lu}\p{N}]/u.test(found?.name ?? '')) continue;
    if (found && acceptable(found.name, found.name))
      return { value: titleCase(found.name), start, end: found.end };
  }
  for (const m of allMatches(BEFORE_NOUN, text)) {
    const words = (m[1] ?? '').trim().split(/\s+/);
    // A capitalised sentence opener is not part of the name ("Show Greggs spending").
    while (words.length > 0 && OPENERS.test(words[0] ?? '')) words.shift();
    const candidate = words.join(' ');
    if (candidate && acceptable(candidate, candidate)) {
      const start = m.index + (m[1] ?? '').trimEnd().length - candidate.length;
      return { value: titleCase(candidate), start, end: start + candidate.length };
    }
  }
  return undefined;
}

/**
 * The merchant named in the text, as the user capitalised it (or title-cased), or the canonical
 * spelling of a known merchant. `knownMerchants` adds the bank's own merchant names.
 */
export function extractMerchant(
  text: string,
  knownMerchants?: readonly string[],
  ctx?: ParseContext,
): string | undefined {
  const date = findDateRange(text, ctx);
  const withoutDate = mask(text, [date]);
  const amount = findAmount(withoutDate, ctx);
  const withoutAmount = mask(withoutDate, [amount]);
  return findMerchant(mask(withoutAmount, [findAccountType(withoutAmount)]), knownMerchants)?.value;
}
