import { TellerError } from '../../../engine/errors';
import type { Atm } from '../../types';
import { geoIndexable } from '../redis-geo';

/** `osm`: OpenStreetMap GeoJSON; `overpass`: Overpass API JSON; `ob`: Open Banking Open Data ATM v2.3. */
export const ATM_FORMATS = ['osm', 'overpass', 'ob'] as const;
export type AtmFormat = (typeof ATM_FORMATS)[number];

/** Why a record in the file did not become an ATM. */
export type SkipReason =
  'not an ATM' | 'no coordinates' | 'coordinates out of range' | 'invalid record' | 'duplicate id';

export interface ParseOptions {
  /** Currency of an OSM `charge` that names none ("2.50"); without it such a charge stays unknown. */
  currency?: string;
  /** IANA zone the imported ATMs' opening hours are in (default: the search's zone). */
  timezone?: string;
}

export interface ParsedAtms {
  format: AtmFormat;
  atms: Atm[];
  /** Records skipped, by reason; a reason that never happened is absent. */
  skipped: Partial<Record<SkipReason, number>>;
}

/** An ATM file that cannot be read (TELLER_ERR_ATM_IMPORT_FILE) or understood (…_FORMAT). */
export class AtmImportError extends TellerError {
  constructor(
    code: 'TELLER_ERR_ATM_IMPORT_FILE' | 'TELLER_ERR_ATM_IMPORT_FORMAT',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'AtmImportError';
  }
}

/** Gathers a file's ATMs: one per id (the last wins), positions Redis GEO can index, skips counted. */
export class AtmCollector {
  private readonly byId = new Map<string, Atm>();
  private readonly skips: Partial<Record<SkipReason, number>> = {};

  skip(reason: SkipReason): void {
    this.skips[reason] = (this.skips[reason] ?? 0) + 1;
  }

  add(atm: Atm): void {
    if (!geoIndexable(atm.lat, atm.lon)) return this.skip('coordinates out of range');
    if (this.byId.has(atm.id)) this.skip('duplicate id');
    this.byId.set(atm.id, atm);
  }

  result(format: AtmFormat): ParsedAtms {
    return { format, atms: [...this.byId.values()], skipped: { ...this.skips } };
  }
}

/** A finite number, or undefined for anything else (strings, NaN, null…). */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Trimmed non-empty text, or undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t ? t : undefined;
}
