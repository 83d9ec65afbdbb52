import type { Category } from '../types';

export type Region = 'GB' | 'US';

/** A place customers spend at on a whim (card purchases), with a realistic price range. */
export interface MerchantSpec {
  name: string;
  category: Category;
  /** ISO 18245 merchant category code. */
  mcc: string;
  /** Price range in minor units, inclusive. */
  min: number;
  max: number;
  /** Relative frequency among merchants of the same category. */
  weight: number;
  /** Local opening hours as [first hour, last hour], for the time of the purchase. */
  hours: [number, number];
  region: Region;
  /** Only customers living in these cities use it (local transport, local chains). */
  cities?: string[];
}

type Row = [name: string, mcc: string, min: number, max: number, weight: number, hours: [number, number]];

const DAY: [number, number] = [9, 20];
const MORNING: [number, number] = [7, 11];
const LUNCH: [number, number] = [11, 15];
const EVENING: [number, number] = [18, 22];
const LATE: [number, number] = [18, 23];
const COMMUTE: [number, number] = [7, 19];
const ANY: [number, number] = [0, 23];

function rows(region: Region, category: Category, list: Row[], cities?: string[]): MerchantSpec[] {
  return list.map(([name, mcc, min, max, weight, hours]) => ({
    name,
    category,
    mcc,
    min,
    max,
    weight,
    hours,
    region,
    ...(cities ? { cities } : {}),
  }));
}

const GB: MerchantSpec[] = [
  ...rows('GB', 'groceries', [
    ['Tesco', '5411', 450, 9500, 5, [8, 21]],
    ["Sainsbury's", '5411', 500, 8800, 4, [8, 21]],
    ['Lidl', '5411', 900, 6500, 3, [8, 21]],
    ['Aldi', '5411', 900, 6000, 2, [8, 21]],
    ['Waitrose', '5411', 800, 9800, 2, [8, 21]],
    ['Co-op', '5411', 250, 2400, 3, [7, 22]],
    ['M&S Food', '5411', 350, 3800, 2, [8, 21]],
  ]),
  ...rows('GB', 'dining', [
    ['Pret A Manger', '5814', 295, 1250, 5, MORNING],
    ['Starbucks', '5814', 310, 890, 3, MORNING],
    ['Costa Coffee', '5814', 290, 820, 3, MORNING],
    ['Caffè Nero', '5814', 280, 760, 2, MORNING],
    ['Greggs', '5814', 165, 690, 3, MORNING],
    ['Itsu', '5814', 650, 1450, 2, LUNCH],
    ["Nando's", '5812', 1150, 4200, 2, EVENING],
    ['Wagamama', '5812', 1450, 4800, 2, EVENING],
    ['Dishoom', '5812', 2400, 7800, 1, EVENING],
    ['Deliveroo', '5812', 1400, 4200, 3, LATE],
    ['Just Eat', '5814', 1200, 3600, 2, LATE],
    ['Uber Eats', '5814', 1300, 3900, 1, LATE],
  ]),
  ...rows('GB', 'transport', [
    ['Uber', '4121', 780, 3400, 3, ANY],
    ['Trainline', '4112', 1250, 9800, 1, DAY],
    ['Shell', '5541', 2500, 7500, 1, DAY],
  ]),
  ...rows('GB', 'transport', [['Bolt', '4121', 690, 2400, 1, ANY]], ['London']),
  ...rows('GB', 'shopping', [
    ['Amazon', '5999', 499, 8999, 6, ANY],
    ['John Lewis', '5311', 1500, 18000, 2, DAY],
    ['Marks & Spencer', '5311', 1200, 9000, 2, DAY],
    ['Argos', '5732', 999, 14999, 1, DAY],
    ['Zara', '5651', 1599, 8999, 1, DAY],
    ['Primark', '5651', 400, 4500, 1, DAY],
    ['IKEA', '5712', 1200, 24000, 1, DAY],
    ['Waterstones', '5942', 899, 3500, 1, DAY],
    ['Selfridges', '5311', 3000, 25000, 1, DAY],
  ]),
  ...rows('GB', 'entertainment', [
    ['Odeon', '7832', 1150, 3200, 2, EVENING],
    ['Vue', '7832', 899, 2800, 1, EVENING],
    ['Everyman', '7832', 1450, 3800, 1, EVENING],
    ['Ticketmaster', '7922', 3500, 12500, 1, DAY],
    ['Steam', '5816', 499, 5999, 1, LATE],
  ]),
  ...rows('GB', 'health', [
    ['Boots', '5912', 350, 3200, 4, DAY],
    ['Superdrug', '5912', 300, 2500, 2, DAY],
    ['Specsavers', '8043', 2500, 18000, 1, DAY],
    ['Bupa Dental Care', '8021', 4500, 22000, 1, DAY],
  ]),
  ...rows('GB', 'travel', [
    ['British Airways', '3005', 8900, 68000, 2, ANY],
    ['easyJet', '4511', 3900, 26000, 3, ANY],
    ['Booking.com', '4722', 9500, 58000, 2, ANY],
    ['Airbnb', '4722', 12000, 75000, 2, ANY],
    ['Premier Inn', '7011', 6500, 19000, 1, ANY],
    ['Eurostar', '4112', 7800, 32000, 1, ANY],
  ]),
  ...rows('GB', 'other', [
    ['Post Office', '9402', 135, 1850, 2, DAY],
    ['Royal Mail', '9402', 85, 1250, 1, DAY],
    ['Oxfam', '5931', 300, 2500, 1, DAY],
    ['Timpson', '7251', 1000, 3500, 1, DAY],
  ]),
];

const US: MerchantSpec[] = [
  ...rows('US', 'groceries', [
    ['Whole Foods Market', '5411', 800, 14500, 4, [8, 22]],
    ["Trader Joe's", '5411', 1200, 11000, 5, [8, 22]],
    ['Key Food', '5411', 450, 5500, 2, [7, 23]],
    ['Wegmans', '5411', 2500, 16000, 1, [8, 22]],
    ['Fairway Market', '5411', 900, 9500, 2, [8, 22]],
  ]),
  ...rows('US', 'dining', [
    ['Starbucks', '5814', 395, 1150, 5, MORNING],
    ["Dunkin'", '5814', 250, 950, 2, MORNING],
    ['Sweetgreen', '5814', 1295, 1995, 3, LUNCH],
    ['Chipotle', '5814', 1095, 1895, 2, LUNCH],
    ['Shake Shack', '5814', 1150, 2800, 2, EVENING],
    ["Joe's Pizza", '5814', 450, 2600, 2, LATE],
    ['DoorDash', '5812', 1800, 5600, 3, LATE],
    ['Uber Eats', '5814', 1700, 5200, 2, LATE],
  ]),
  ...rows('US', 'transport', [
    ['Uber', '4121', 1200, 5400, 3, ANY],
    ['Lyft', '4121', 1100, 4800, 2, ANY],
    ['Citi Bike', '4111', 450, 1350, 1, COMMUTE],
    ['Amtrak', '4112', 3500, 18000, 1, DAY],
  ]),
  ...rows('US', 'shopping', [
    ['Amazon', '5999', 699, 12999, 6, ANY],
    ['Target', '5310', 1200, 14500, 3, DAY],
    ["Macy's", '5311', 2500, 18000, 1, DAY],
    ['Best Buy', '5732', 1999, 49999, 1, DAY],
    ['Uniqlo', '5651', 1990, 12900, 1, DAY],
    ['Apple Store', '5732', 1900, 39900, 1, DAY],
  ]),
  ...rows('US', 'entertainment', [
    ['AMC Theatres', '7832', 1599, 4200, 2, EVENING],
    ['Regal', '7832', 1499, 3800, 1, EVENING],
    ['Ticketmaster', '7922', 4500, 22000, 1, DAY],
    ['Steam', '5816', 499, 5999, 1, LATE],
  ]),
  ...rows('US', 'health', [
    ['CVS Pharmacy', '5912', 499, 4500, 4, DAY],
    ['Walgreens', '5912', 450, 3800, 2, DAY],
    ['Duane Reade', '5912', 399, 2900, 2, DAY],
    ['One Medical', '8011', 2000, 15000, 1, DAY],
  ]),
  ...rows('US', 'travel', [
    ['Delta Air Lines', '3058', 12900, 78000, 2, ANY],
    ['JetBlue', '3174', 8900, 45000, 2, ANY],
    ['United Airlines', '3000', 11900, 69000, 1, ANY],
    ['Airbnb', '4722', 18000, 95000, 2, ANY],
    ['Marriott', '3509', 16000, 62000, 1, ANY],
  ]),
  ...rows('US', 'other', [
    ['USPS', '9402', 73, 2450, 2, DAY],
    ['The UPS Store', '4215', 899, 4500, 1, DAY],
    ['Goodwill', '5931', 500, 3500, 1, DAY],
  ]),
];

const CATALOGUE: readonly MerchantSpec[] = [...GB, ...US];

/** Merchants a customer in `city` (`region`) might buy from on a whim in `category`. */
export function merchantsFor(region: Region, city: string, category: Category): MerchantSpec[] {
  return CATALOGUE.filter(
    (m) => m.region === region && m.category === category && (!m.cities || m.cities.includes(city)),
  );
}

/** Every merchant name in the catalogue (discretionary spending only). */
export function catalogueNames(): string[] {
  return [...new Set(CATALOGUE.map((m) => m.name))];
}
