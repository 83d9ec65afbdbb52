import { parseOpenBanking } from './open-banking';
import { parseOsmGeoJson } from './osm-geojson';
import { parseOverpass } from './overpass';
import { AtmImportError, type AtmFormat, type ParseOptions, type ParsedAtms } from './types';

const PARSERS: Record<AtmFormat, (input: unknown, o?: ParseOptions) => ParsedAtms> = {
  osm: parseOsmGeoJson,
  overpass: parseOverpass,
  ob: parseOpenBanking,
};

/** Which format a parsed JSON document is in, by its shape; undefined when it is none of them. */
export function detectFormat(input: unknown): AtmFormat | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const doc = input as Record<string, unknown>;
  if (doc.type === 'FeatureCollection' && Array.isArray(doc.features)) return 'osm';
  if (Array.isArray(doc.elements)) return 'overpass';
  if (Array.isArray(doc.data) && doc.data.some((d) => !!d && typeof d === 'object' && 'Brand' in d))
    return 'ob';
  return undefined;
}

/** Parses an ATM document in `format`, or in the format its shape shows. */
export function parseAtms(input: unknown, format?: AtmFormat, o: ParseOptions = {}): ParsedAtms {
  const chosen = format ?? detectFormat(input);
  if (!chosen)
    throw new AtmImportError(
      'TELLER_ERR_ATM_IMPORT_FORMAT',
      'Unknown ATM file format: expected OSM GeoJSON, Overpass JSON or Open Banking ATM v2.3 JSON',
    );
  return PARSERS[chosen](input, o);
}
