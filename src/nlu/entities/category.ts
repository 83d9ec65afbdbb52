/**
 * Spending categories from everyday words ("eating out" → dining, "petrol" → transport).
 * Plurals and small typos are tolerated. Brand names are merchants, not categories, except the
 * few that stand for a kind of spending ("uber" → transport); extractEntities prefers the merchant.
 */
import type { Category } from '../../connectors/types';
import { PhraseMatcher } from './fuzzy';
import type { Found } from './text';

export const CATEGORY_SYNONYMS: Readonly<Record<Exclude<Category, 'other'>, readonly string[]>> = {
  groceries: [
    'groceries',
    'grocery',
    'grocery shopping',
    'supermarket',
    'supermarkets',
    'food shopping',
    'food shop',
    'weekly shop',
    'big shop',
    'food',
  ],
  dining: [
    'dining',
    'dining out',
    'eating out',
    'meals out',
    'meal out',
    'restaurant',
    'takeaway',
    'take away',
    'takeout',
    'take out',
    'coffee',
    'cafe',
    'café',
    'lunch',
    'dinner',
    'breakfast',
    'brunch',
    'food delivery',
    'fast food',
    'pub',
    'drinks',
  ],
  transport: [
    'transport',
    'transportation',
    'uber',
    'lyft',
    'taxi',
    'cab',
    'train',
    'train tickets',
    'rail',
    'bus',
    'bus fare',
    'tube',
    'underground',
    'metro',
    'fuel',
    'petrol',
    'diesel',
    'gas station',
    'parking',
    'commute',
    'commuting',
    'tolls',
  ],
  shopping: ['shopping', 'online shopping', 'clothes', 'clothing', 'shoes', 'electronics', 'retail'],
  entertainment: [
    'entertainment',
    'movie',
    'cinema',
    'film',
    'concert',
    'gig',
    'game',
    'gaming',
    'video games',
    'theatre',
    'theater',
    'going out',
    'nights out',
    'night out',
  ],
  bills: [
    'bills',
    'bill',
    'utilities',
    'utility',
    'electricity',
    'electric bill',
    'gas bill',
    'gas and electric',
    'water bill',
    'phone bill',
    'mobile bill',
    'internet',
    'broadband',
    'council tax',
    'insurance',
    'tv licence',
  ],
  subscriptions: ['subscriptions', 'subscription', 'streaming', 'memberships', 'membership'],
  travel: [
    'travel',
    'flights',
    'flight',
    'airfare',
    'hotels',
    'hotel',
    'holidays',
    'holiday',
    'vacation',
    'trips',
    'accommodation',
  ],
  health: [
    'health',
    'healthcare',
    'pharmacy',
    'chemist',
    'medicine',
    'prescriptions',
    'gym',
    'gym membership',
    'fitness',
    'doctor',
    'dentist',
    'medical',
    'opticians',
  ],
  housing: ['housing', 'rent', 'mortgage', 'landlord', 'service charge', 'ground rent'],
  cash: ['cash', 'cash withdrawals', 'atm withdrawals', 'withdrawals', 'cash out'],
  transfers: ['transfers', 'transfer', 'bank transfers', 'money sent', 'sent money', 'standing orders'],
  income: [
    'income',
    'salary',
    'wages',
    'wage',
    'paycheck',
    'payslip',
    'paid in',
    'money in',
    'earnings',
    'got paid',
    'get paid',
    'getting paid',
  ],
  fees: [
    'fees',
    'fee',
    'bank fees',
    'bank charges',
    'charges',
    'interest',
    'overdraft fees',
    'late fees',
    'commission',
  ],
};

/** Phrases that contain a category word but are not about that category. */
const NOT_CATEGORIES = ['cash machine', 'cash machines', 'cashpoint', 'cash point', 'atm'];

const matcher = new PhraseMatcher<Category | null>([
  ...Object.entries(CATEGORY_SYNONYMS).flatMap(([category, phrases]) =>
    phrases.map((p) => [p, category as Category] as const),
  ),
  ...NOT_CATEGORIES.map((p) => [p, null] as const),
]);

/** Every category mention, left to right (typos forgiven where nothing matches exactly). */
export function findCategories(text: string): Found<Category>[] {
  return matcher
    .findAll(text, true)
    .filter((m): m is typeof m & { value: Category } => m.value !== null)
    .map((m) => ({ value: m.value, start: m.start, end: m.end }));
}

/** The first category, preferring an exact mention anywhere over a typo-tolerant one. */
export function findCategory(text: string): Found<Category> | undefined {
  const exact = matcher.findAll(text, false).find((m) => m.value !== null);
  if (exact && exact.value !== null) return { value: exact.value, start: exact.start, end: exact.end };
  return findCategories(text)[0];
}

export function extractCategory(text: string): Category | undefined {
  return findCategory(text)?.value;
}

/** True if the phrase as a whole is a category word ("groceries", "eating out"). */
export function isCategoryPhrase(phrase: string): boolean {
  const m = matcher.find(phrase);
  return !!m && m.start === 0 && m.end >= phrase.trim().length;
}
