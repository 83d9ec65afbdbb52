import { z } from 'zod';
import { fromMinor } from '../../money';
import type { Atm } from '../types';
import anchorsJson from './data/atm-anchors.json';
import { Rng } from './prng';

/**
 * Sandbox ATMs, generated deterministically around real anchor points (stations, high streets)
 * in London, Manchester and New York. Operators, hours, fees and features follow real patterns;
 * the street numbers and full postcodes are made up.
 */

const Anchor = z.object({
  area: z.string(),
  lat: z.number(),
  lon: z.number(),
  postcode: z.string(),
  count: z.number().int().positive(),
  streets: z.array(z.string()).nonempty(),
});
const City = z.object({
  city: z.string(),
  code: z.string(),
  region: z.enum(['GB', 'US']),
  currency: z.string(),
  anchors: z.array(Anchor),
});
const AnchorFile = z.object({ cities: z.array(City) });

type CityData = z.infer<typeof City>;
type AnchorData = z.infer<typeof Anchor>;

interface Kind {
  weight: number;
  hosts: string[];
  operators: string[] | 'host';
  hours: string[];
  /** Chance and candidate fees (minor units) when the ATM charges. */
  feeChance: number;
  fees: number[];
  depositChance: number;
  wheelchairChance: number;
  bank: boolean;
}

const SHOP_HOURS_GB = [
  'Mo-Su 07:00-23:00',
  'Mo-Sa 07:00-22:00; Su 10:00-16:00',
  'Mo-Sa 06:00-23:00; Su 08:00-22:00',
];
const KINDS: Record<'GB' | 'US', Kind[]> = {
  GB: [
    {
      weight: 45,
      hosts: [],
      operators: [
        'Barclays',
        'HSBC',
        'Lloyds',
        'NatWest',
        'Santander',
        'Nationwide',
        'Halifax',
        'TSB',
        'Metro Bank',
      ],
      hours: ['24/7', '24/7', '24/7', '24/7', 'Mo-Fr 09:00-17:00; Sa 09:00-13:00'],
      feeChance: 0,
      fees: [],
      depositChance: 0.55,
      wheelchairChance: 0.75,
      bank: true,
    },
    {
      weight: 25,
      hosts: ['Tesco Express', "Sainsbury's Local", 'Co-op', 'M&S Simply Food', 'Post Office'],
      operators: 'host',
      hours: [...SHOP_HOURS_GB, '24/7'],
      feeChance: 0,
      fees: [],
      depositChance: 0,
      wheelchairChance: 0.6,
      bank: false,
    },
    {
      weight: 30,
      hosts: ['Londis', 'Costcutter', 'Nisa Local', 'One Stop', 'Premier', 'Bargain Booze', 'Food & Wine'],
      operators: ['Notemachine', 'Cardtronics', 'Euronet', 'YourCash', 'PayPoint'],
      hours: [...SHOP_HOURS_GB, '24/7', 'Mo-Su 06:00-24:00'],
      feeChance: 0.65,
      fees: [150, 165, 175, 185, 199, 225, 249, 299],
      depositChance: 0,
      wheelchairChance: 0.4,
      bank: false,
    },
  ],
  US: [
    {
      weight: 50,
      hosts: [],
      operators: ['Chase', 'Bank of America', 'Citibank', 'Wells Fargo', 'TD Bank', 'Capital One'],
      hours: ['24/7', '24/7', '24/7', 'Mo-Fr 09:00-17:00; Sa 09:00-14:00'],
      feeChance: 1,
      fees: [300, 300, 350, 350, 375],
      depositChance: 0.85,
      wheelchairChance: 0.9,
      bank: true,
    },
    {
      weight: 25,
      hosts: ['CVS Pharmacy', 'Walgreens', 'Duane Reade', 'Target', '7-Eleven'],
      operators: ['Allpoint', 'Cardtronics'],
      hours: ['Mo-Su 07:00-22:00', 'Mo-Su 08:00-23:00', '24/7'],
      feeChance: 0.3,
      fees: [250, 300],
      depositChance: 0,
      wheelchairChance: 0.8,
      bank: false,
    },
    {
      weight: 25,
      hosts: ['Deli & Grocery', 'Bodega', 'Newsstand', 'Gas Station Mart'],
      operators: ['Cardtronics', 'Euronet', 'Columbus Data', 'Triton'],
      hours: ['24/7', 'Mo-Su 06:00-24:00', 'Mo-Su 07:00-02:00'],
      feeChance: 1,
      fees: [250, 275, 299, 325, 350, 399],
      depositChance: 0,
      wheelchairChance: 0.35,
      bank: false,
    },
  ],
};

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function postcodeFor(rng: Rng, city: CityData, anchor: AnchorData): string {
  if (city.region === 'US') return anchor.postcode;
  const letter = () => INWARD_LETTERS[rng.int(0, INWARD_LETTERS.length - 1)] as string;
  return `${anchor.postcode} ${rng.int(1, 9)}${letter()}${letter()}`;
}

/** A point up to `radius` metres from the anchor, uniform over the disc. */
function scatter(rng: Rng, lat: number, lon: number, radius: number): [number, number] {
  const distance = radius * Math.sqrt(rng.float());
  const bearing = rng.float() * 2 * Math.PI;
  const dLat = (distance * Math.cos(bearing)) / 111_320;
  const dLon = (distance * Math.sin(bearing)) / (111_320 * Math.cos((lat * Math.PI) / 180));
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return [round(lat + dLat), round(lon + dLon)];
}

function generateAtm(city: CityData, anchor: AnchorData, index: number, serial: number): Atm {
  const rng = new Rng('sandbox-atms', city.code, anchor.area, String(index));
  const kind = rng.weighted(KINDS[city.region], (k) => k.weight);
  const host = kind.hosts.length ? rng.pick(kind.hosts) : undefined;
  const operator = kind.operators === 'host' ? (host as string) : rng.pick(kind.operators);
  const street = rng.pick(anchor.streets);
  const [lat, lon] = scatter(rng, anchor.lat, anchor.lon, 380);
  const fee = rng.chance(kind.feeChance) ? fromMinor(rng.pick(kind.fees), city.currency) : null;
  return {
    id: `atm_${city.code}_${String(serial).padStart(3, '0')}`,
    name: `${host ?? operator} ${street}`,
    operator,
    lat,
    lon,
    address: `${rng.int(1, city.region === 'US' ? 999 : 240)} ${street}, ${anchor.area}`,
    city: city.city,
    postcode: postcodeFor(rng, city, anchor),
    openingHours: rng.pick(kind.hours),
    timezone: city.region === 'US' ? 'America/New_York' : 'Europe/London',
    fee,
    deposits: kind.bank && rng.chance(kind.depositChance),
    wheelchair: rng.chance(kind.wheelchairChance),
  };
}

let cache: Atm[] | undefined;

function generateAll(): Atm[] {
  const data = AnchorFile.parse(anchorsJson);
  const atms: Atm[] = [];
  for (const city of data.cities) {
    let serial = 1;
    for (const anchor of city.anchors) {
      for (let i = 0; i < anchor.count; i++) atms.push(generateAtm(city, anchor, i, serial++));
    }
  }
  return atms;
}

/** Every sandbox ATM (a fresh copy each call, so callers may mutate it). */
export function sandboxAtms(): Atm[] {
  cache ??= generateAll();
  return cache.map((atm) => ({ ...atm, fee: atm.fee ? { ...atm.fee } : atm.fee }));
}
