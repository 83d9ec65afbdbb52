import { z } from 'zod';
import { isAtm, osmAtm, stringTags } from './osm-tags';
import { AtmCollector, AtmImportError, finite, textOf, type ParseOptions, type ParsedAtms } from './types';

const FeatureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

const Feature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).nullish(),
  properties: z.record(z.unknown()).nullish(),
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }).passthrough().nullish(),
});

type Position = [lon: number, lat: number];

function position(value: unknown): Position | undefined {
  if (!Array.isArray(value)) return undefined;
  const lon = finite(value[0]);
  const lat = finite(value[1]);
  return lon === undefined || lat === undefined ? undefined : [lon, lat];
}

function positions(value: unknown): Position[] {
  if (!Array.isArray(value)) return [];
  return value.map(position).filter((p): p is Position => p !== undefined);
}

/** A ring without its closing vertex (which repeats the first). */
function openRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]
    ? ring.slice(0, -1)
    : ring;
}

/** Where a feature is: a Point itself, else the mean of its (outer) vertices — a building's centre. */
function where(geometry: { type: string; coordinates?: unknown } | null | undefined): Position | undefined {
  if (!geometry) return undefined;
  const c = geometry.coordinates;
  let points: Position[];
  switch (geometry.type) {
    case 'Point':
      return position(c);
    case 'MultiPoint':
    case 'LineString':
      points = positions(c);
      break;
    case 'Polygon':
      points = openRing(positions(Array.isArray(c) ? c[0] : undefined));
      break;
    case 'MultiPolygon':
      points = (Array.isArray(c) ? c : []).flatMap((poly: unknown) =>
        openRing(positions(Array.isArray(poly) ? poly[0] : undefined)),
      );
      break;
    default:
      return undefined;
  }
  if (points.length === 0) return undefined;
  const sum = points.reduce(([x, y], [lon, lat]) => [x + lon, y + lat], [0, 0]);
  return [sum[0] / points.length, sum[1] / points.length];
}

/** "node/123" from overpass-turbo's `@id` or the feature id, or osmtogeojson's `type` + `id`. */
function osmId(feature: z.infer<typeof Feature>, props: Record<string, unknown>): string | undefined {
  const explicit = textOf(props['@id']) ?? (typeof feature.id === 'string' ? textOf(feature.id) : undefined);
  if (explicit) return explicit;
  const type = textOf(props.type);
  const id = finite(props.id) ?? textOf(props.id) ?? finite(feature.id);
  if (id === undefined) return undefined;
  return type ? `${type}/${id}` : `feature/${id}`;
}

/**
 * OpenStreetMap as GeoJSON (overpass-turbo's export, osmtogeojson, QGIS…): features tagged
 * `amenity=atm`, or banks with `atm=yes`. Tags are the properties (or `properties.tags`). A feature
 * without an id gets one from its position, so a re-import still replaces it.
 */
export function parseOsmGeoJson(input: unknown, o: ParseOptions = {}): ParsedAtms {
  const top = FeatureCollection.safeParse(input);
  if (!top.success)
    throw new AtmImportError(
      'TELLER_ERR_ATM_IMPORT_FORMAT',
      'Not an OSM GeoJSON file: expected {"type": "FeatureCollection", "features": [...]}',
    );
  const out = new AtmCollector();
  for (const raw of top.data.features) {
    const f = Feature.safeParse(raw);
    if (!f.success) {
      out.skip('invalid record');
      continue;
    }
    const props = f.data.properties ?? {};
    const nested = props.tags && typeof props.tags === 'object' ? props.tags : undefined;
    const tags = stringTags(nested ?? props);
    if (!isAtm(tags)) {
      out.skip('not an ATM');
      continue;
    }
    const at = where(f.data.geometry);
    if (!at) {
      out.skip('no coordinates');
      continue;
    }
    const [lon, lat] = at;
    const id = osmId(f.data, props) ?? `@${lat.toFixed(7)},${lon.toFixed(7)}`;
    out.add(osmAtm(`osm:${id}`, lat, lon, tags, o));
  }
  return out.result('osm');
}
