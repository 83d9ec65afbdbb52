import type { Category } from '../types';

/**
 * ISO 18245 merchant category codes → Teller's categories. Ranges are inclusive; single codes are
 * ranges of one. The first matching row wins, so specific codes sit above the broad range they
 * fall in (5411 groceries before 5300–5599 retail). Codes outside every row map to 'other'.
 */
type Row = [from: number, to: number, category: Category];

export const MCC_RANGES: readonly Row[] = [
  // Agricultural and contracted services (builders, plumbers, electricians…)
  [742, 742, 'health'], // veterinary services
  [1500, 2999, 'housing'],
  // Airlines, car rental, lodging (brand-specific code blocks)
  [3000, 3350, 'travel'],
  [3351, 3500, 'travel'],
  [3501, 3999, 'travel'],
  // Transportation
  [4011, 4011, 'transport'],
  [4111, 4131, 'transport'], // commuter transport, rail, taxis, buses
  [4214, 4215, 'shopping'], // couriers
  [4411, 4411, 'travel'], // cruise lines
  [4457, 4468, 'entertainment'], // boat rentals, marinas
  [4511, 4582, 'travel'], // airlines, airports
  [4722, 4723, 'travel'], // travel agencies, tour operators
  [4784, 4789, 'transport'], // tolls, transport services
  // Telecoms and utilities
  [4812, 4812, 'shopping'], // telephone equipment
  [4813, 4816, 'bills'], // telecoms, computer network services
  [4821, 4821, 'bills'],
  [4829, 4829, 'transfers'], // wire transfers, money orders
  [4899, 4899, 'bills'], // cable, satellite and pay television
  [4900, 4900, 'bills'], // electricity, gas, water
  // Food
  [5411, 5411, 'groceries'],
  [5422, 5422, 'groceries'],
  [5441, 5451, 'groceries'], // confectionery, dairy
  [5462, 5462, 'groceries'], // bakeries
  [5499, 5499, 'groceries'], // convenience and speciality food
  [5541, 5542, 'transport'], // fuel
  [5811, 5814, 'dining'], // caterers, restaurants, bars, fast food
  [5815, 5815, 'subscriptions'], // digital books, music, film
  [5816, 5816, 'entertainment'], // digital games
  [5817, 5818, 'subscriptions'], // apps, large digital goods merchants
  [5912, 5912, 'health'], // pharmacies
  [5960, 5967, 'shopping'], // direct marketing
  [5968, 5968, 'subscriptions'], // continuity / subscription merchants
  [5969, 5969, 'shopping'],
  [5975, 5976, 'health'], // hearing aids, orthopaedic goods
  [6010, 6011, 'cash'], // cash disbursements, ATMs
  [6012, 6012, 'transfers'],
  [6050, 6051, 'cash'], // quasi-cash
  [6211, 6211, 'transfers'], // securities brokers
  [6300, 6399, 'bills'], // insurance
  [6513, 6513, 'housing'], // rent, real-estate agents
  [6529, 6540, 'transfers'], // stored value, remote funding
  // Retail (after the specific food and health codes above)
  [5000, 5999, 'shopping'],
  // Lodging and personal services
  [7011, 7033, 'travel'], // hotels, timeshares, campgrounds
  [7210, 7299, 'other'], // laundry, hairdressers, personal services
  [7311, 7399, 'other'], // business services
  [7512, 7519, 'travel'], // car and truck rental
  [7523, 7523, 'transport'], // parking
  [7531, 7549, 'transport'], // car repair, car wash, towing
  [7800, 7801, 'entertainment'], // lotteries
  [7802, 7802, 'entertainment'],
  [7829, 7996, 'entertainment'], // cinemas, theatres, sport, amusement parks
  [7997, 7997, 'subscriptions'], // membership clubs and gyms
  [7998, 7999, 'entertainment'],
  [8000, 8099, 'health'], // doctors, dentists, hospitals, opticians
  [8211, 8299, 'bills'], // schools and education
  [8398, 8699, 'other'], // charities, associations
  [9211, 9221, 'bills'], // court costs
  [9222, 9222, 'fees'], // fines
  [9223, 9399, 'bills'], // bail, tax, government services
  [9402, 9402, 'other'], // postal services
];

/** Teller's category for a four-digit MCC; 'other' when the code is unknown or malformed. */
export function categoryFromMcc(mcc: string | undefined): Category {
  if (mcc === undefined || !/^\d{4}$/.test(mcc)) return 'other';
  const code = Number(mcc);
  for (const [from, to, category] of MCC_RANGES) if (code >= from && code <= to) return category;
  return 'other';
}
