import { z } from 'zod';
import type { Atm } from '../../types';
import { AtmCollector, AtmImportError, textOf, type ParseOptions, type ParsedAtms } from './types';

/**
 * The Open Banking Open Data ATM API v2.3 response (`GET /open-banking/v2.3/atms`): `data[].Brand[]`
 * with `BrandName` and `ATM[]`. Only the fields Teller uses are checked; the rest may be anything.
 */
const Response = z.object({
  data: z.array(
    z.object({
      Brand: z.array(z.object({ BrandName: z.string().trim().min(1), ATM: z.array(z.unknown()) })),
    }),
  ),
});

/** Latitude / Longitude: decimal degrees as strings, `^-?\d{1,3}\.\d{1,8}$` in the spec. */
const Degrees = z
  .string()
  .trim()
  .regex(/^-?\d{1,3}(\.\d{1,8})?$/);

const ObAtm = z.object({
  Identification: z.string().trim().min(1).max(35),
  ATMServices: z.array(z.string()).optional(),
  Accessibility: z.array(z.string()).optional(),
  Access24HoursIndicator: z.boolean().optional(),
  Location: z.object({
    Site: z.object({ Name: z.string().optional() }).passthrough().optional(),
    PostalAddress: z
      .object({
        AddressLine: z.array(z.string()).optional(),
        BuildingNumber: z.string().optional(),
        StreetName: z.string().optional(),
        TownName: z.string().optional(),
        PostCode: z.string().optional(),
        GeoLocation: z.unknown(),
      })
      .passthrough(),
  }),
});
type ObAtm = z.infer<typeof ObAtm>;

/** "STRATFORD" → "Stratford"; text in mixed case stays as the bank wrote it. */
function readable(text: string): string {
  if (text !== text.toUpperCase() || !/[A-Z]/.test(text)) return text;
  return text
    .toLowerCase()
    .replace(/(^|[\s'(/-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

function coordinates(atm: ObAtm): { lat: number; lon: number } | undefined {
  const geo = atm.Location.PostalAddress.GeoLocation as
    { GeographicCoordinates?: { Latitude?: unknown; Longitude?: unknown } | null } | null | undefined;
  const c = geo?.GeographicCoordinates;
  const lat = Degrees.safeParse(c?.Latitude);
  const lon = Degrees.safeParse(c?.Longitude);
  return lat.success && lon.success ? { lat: Number(lat.data), lon: Number(lon.data) } : undefined;
}

function toAtm(brand: string, atm: ObAtm, lat: number, lon: number, o: ParseOptions): Atm {
  const a = atm.Location.PostalAddress;
  const street = [textOf(a.BuildingNumber), textOf(a.StreetName)].filter(Boolean).join(' ');
  const site = textOf(atm.Location.Site?.Name);
  const out: Atm = {
    id: `ob:${brand.toLowerCase().replace(/\s+/g, '-')}:${atm.Identification.trim()}`,
    name: site ? readable(site) : `${brand} ATM`,
    operator: brand,
    lat,
    lon,
    address: readable(street || textOf(a.AddressLine?.[0]) || ''),
    city: readable(textOf(a.TownName) ?? ''),
  };
  const postcode = textOf(a.PostCode);
  if (postcode) out.postcode = postcode.toUpperCase();
  // The standard has no opening-hours field: only "available 24 hours" is known.
  if (atm.Access24HoursIndicator === true) out.openingHours = '24/7';
  if (o.timezone) out.timezone = o.timezone;
  // ATMServices lists what the machine does, so a list without a deposit service means no deposits.
  if (atm.ATMServices)
    out.deposits = atm.ATMServices.some((s) => s === 'CashDeposits' || s === 'EnvelopeDeposit');
  if (atm.Accessibility?.includes('WheelchairAccess')) out.wheelchair = true;
  // v2.3 publishes no withdrawal fee: the fee stays unknown rather than guessed.
  return out;
}

/** Open Banking Open Data ATM API v2.3 JSON: every brand's ATMs, ids `ob:<brand>:<Identification>`. */
export function parseOpenBanking(input: unknown, o: ParseOptions = {}): ParsedAtms {
  const top = Response.safeParse(input);
  if (!top.success)
    throw new AtmImportError(
      'TELLER_ERR_ATM_IMPORT_FORMAT',
      'Not an Open Banking ATM v2.3 file: expected {"data": [{"Brand": [{"BrandName": …, "ATM": [...]}]}]}',
    );
  const out = new AtmCollector();
  for (const { Brand } of top.data.data)
    for (const brand of Brand)
      for (const raw of brand.ATM) {
        const atm = ObAtm.safeParse(raw);
        if (!atm.success) {
          out.skip('invalid record');
          continue;
        }
        const at = coordinates(atm.data);
        if (!at) {
          out.skip('no coordinates');
          continue;
        }
        out.add(toAtm(brand.BrandName, atm.data, at.lat, at.lon, o));
      }
  return out.result('ob');
}
