import { money, type Money } from '../../../money';
import type { Atm } from '../../types';
import { textOf, type ParseOptions } from './types';

/** An OSM element's tags: string values only, trimmed; anything else in the object is ignored. */
export type OsmTags = Record<string, string>;

export function stringTags(raw: unknown): OsmTags {
  // No prototype: a tag named "constructor" or "__proto__" is just a tag.
  const tags = Object.create(null) as OsmTags;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return tags;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const text = textOf(value);
    if (text !== undefined) tags[key.trim()] = text;
  }
  return tags;
}

/** yes/true/1 → true, no/false/0 → false, anything else (or several values) → unknown. */
function yesNo(value: string | undefined): boolean | undefined {
  const v = value?.toLowerCase();
  if (v === 'yes' || v === 'true' || v === '1') return true;
  if (v === 'no' || v === 'false' || v === '0') return false;
  return undefined;
}

/** `amenity=atm`, or a bank tagged `atm=yes` (the machine at the branch). */
export function isAtm(tags: OsmTags): boolean {
  const amenity = tags.amenity?.toLowerCase();
  return amenity === 'atm' || (amenity === 'bank' && yesNo(tags.atm) === true);
}

const SYMBOLS: Record<string, string> = { '£': 'GBP', '€': 'EUR', $: 'USD' };
let currencies: Set<string> | undefined;

function knownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/**
 * An OSM `charge` ("2.50 GBP", "GBP 2.50", "£1.99", "2,50 EUR", "0", "free") as Money: a decimal
 * string normalised to the currency's digits, never a float. `null` means free; undefined means the
 * text says no amount we can trust (no currency and no default, too many decimals, unknown code).
 */
export function parseCharge(charge: string | undefined, defaultCurrency?: string): Money | null | undefined {
  if (charge === undefined) return undefined;
  if (/^\s*(free|none|no)\s*$/i.test(charge)) return null;
  const number = /(?<![\d.,])(\d{1,7})(?:[.,](\d{1,4}))?(?![\d.,]*\d)/.exec(charge);
  if (!number) return undefined;
  const amount = number[2] === undefined ? number[1]! : `${number[1]}.${number[2]}`;
  // Nothing to pay is free in any currency.
  if (/^0+(\.0+)?$/.test(amount)) return null;
  const code = [...charge.matchAll(/(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g)]
    .map((m) => m[1]!)
    .find(knownCurrency);
  const symbol = /[£€$]/.exec(charge)?.[0];
  const currency = code ?? (symbol ? SYMBOLS[symbol] : defaultCurrency?.toUpperCase());
  if (!currency || !knownCurrency(currency)) return undefined;
  try {
    return money(amount, currency);
  } catch {
    return undefined;
  }
}

/** `fee=no` is free; `fee=yes` costs the `charge`, if it names one; with no `fee`, the charge decides. */
export function parseFee(tags: OsmTags, defaultCurrency?: string): Money | null | undefined {
  const fee = tags.fee?.toLowerCase() ?? '';
  const charged = parseCharge(tags.charge, defaultCurrency);
  if (/^no\b/.test(fee)) return null;
  if (/^yes\b/.test(fee)) return charged ?? undefined;
  return charged;
}

/** `cash_in`, `atm:deposit` or `deposit`: whether the machine takes cash in. */
function deposits(tags: OsmTags): boolean | undefined {
  for (const key of ['cash_in', 'atm:deposit', 'deposit']) {
    const v = yesNo(tags[key]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** yes/designated → true; no and limited (partly accessible) → false; else unknown. */
function wheelchair(tags: OsmTags): boolean | undefined {
  const v = tags.wheelchair?.toLowerCase();
  if (v === 'yes' || v === 'designated') return true;
  if (v === 'no' || v === 'limited') return false;
  return undefined;
}

function address(tags: OsmTags): string {
  if (tags['addr:full']) return tags['addr:full'];
  const street = tags['addr:street'] ?? tags['addr:place'];
  return [tags['addr:housenumber'], street].filter(Boolean).join(' ');
}

/** An ATM from an OSM element's tags. Never throws on odd tags: unknown values become unknown fields. */
export function osmAtm(id: string, lat: number, lon: number, tags: OsmTags, o: ParseOptions = {}): Atm {
  const bank = tags.amenity?.toLowerCase() === 'bank';
  const operator = tags.brand ?? tags.operator ?? tags.network ?? tags.name ?? 'Unknown operator';
  const base = tags.name ?? tags.brand ?? tags.operator;
  const name = !base ? 'ATM' : bank && !/\batm\b/i.test(base) ? `${base} ATM` : base;
  // A branch's own hours are not its cash machine's: a bank's ATM uses `opening_hours:atm` only.
  const hours = tags['opening_hours:atm'] ?? (bank ? undefined : tags.opening_hours);
  const atm: Atm = {
    id,
    name,
    operator,
    lat,
    lon,
    address: address(tags),
    city: tags['addr:city'] ?? tags['addr:town'] ?? tags['addr:village'] ?? tags['addr:suburb'] ?? '',
  };
  const postcode = tags['addr:postcode'];
  const fee = parseFee(tags, o.currency);
  const cashIn = deposits(tags);
  const access = wheelchair(tags);
  if (postcode) atm.postcode = postcode;
  if (hours) atm.openingHours = hours;
  if (o.timezone) atm.timezone = o.timezone;
  if (fee !== undefined) atm.fee = fee;
  if (cashIn !== undefined) atm.deposits = cashIn;
  if (access !== undefined) atm.wheelchair = access;
  return atm;
}
