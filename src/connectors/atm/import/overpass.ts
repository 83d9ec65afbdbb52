import { z } from 'zod';
import { isAtm, osmAtm, stringTags } from './osm-tags';
import { AtmCollector, AtmImportError, finite, type ParseOptions, type ParsedAtms } from './types';

const OverpassJson = z.object({ elements: z.array(z.unknown()) });

const Element = z.object({
  type: z.string(),
  id: z.union([z.number(), z.string()]),
  lat: z.unknown(),
  lon: z.unknown(),
  center: z.unknown(),
  bounds: z.unknown(),
  geometry: z.unknown(),
  tags: z.unknown(),
});

function latLon(value: unknown): { lat: number; lon: number } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { lat?: unknown; lon?: unknown };
  const lat = finite(v.lat);
  const lon = finite(v.lon);
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}

/** A node's own position; a way's or relation's `center` (`out center`), bounds or geometry (`out geom`). */
function where(e: z.infer<typeof Element>): { lat: number; lon: number } | undefined {
  const own = latLon(e);
  if (own) return own;
  const center = latLon(e.center);
  if (center) return center;
  const b = e.bounds as
    { minlat?: unknown; minlon?: unknown; maxlat?: unknown; maxlon?: unknown } | undefined;
  const box = b && [finite(b.minlat), finite(b.minlon), finite(b.maxlat), finite(b.maxlon)];
  if (box && box.every((n) => n !== undefined)) {
    const [minlat, minlon, maxlat, maxlon] = box as number[];
    return { lat: (minlat! + maxlat!) / 2, lon: (minlon! + maxlon!) / 2 };
  }
  const points = (Array.isArray(e.geometry) ? e.geometry : []).map(latLon).filter((p) => p !== undefined);
  if (points.length === 0) return undefined;
  return {
    lat: points.reduce((s, p) => s + p.lat, 0) / points.length,
    lon: points.reduce((s, p) => s + p.lon, 0) / points.length,
  };
}

/**
 * Overpass API JSON (`[out:json]`): nodes with `lat`/`lon` and `tags`; ways and relations located by
 * `center` (use `out center;`), their bounds or geometry. Elements without a position are skipped.
 */
export function parseOverpass(input: unknown, o: ParseOptions = {}): ParsedAtms {
  const top = OverpassJson.safeParse(input);
  if (!top.success)
    throw new AtmImportError(
      'TELLER_ERR_ATM_IMPORT_FORMAT',
      'Not Overpass JSON: expected {"elements": [...]} (query with [out:json])',
    );
  const out = new AtmCollector();
  for (const raw of top.data.elements) {
    const e = Element.safeParse(raw);
    if (!e.success) {
      out.skip('invalid record');
      continue;
    }
    const tags = stringTags(e.data.tags);
    if (!isAtm(tags)) {
      out.skip('not an ATM');
      continue;
    }
    const at = where(e.data);
    if (!at) {
      out.skip('no coordinates');
      continue;
    }
    out.add(osmAtm(`osm:${e.data.type}/${e.data.id}`, at.lat, at.lon, tags, o));
  }
  return out.result('overpass');
}
