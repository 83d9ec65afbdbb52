export { detectFormat, parseAtms } from './detect';
export { parseOpenBanking } from './open-banking';
export { parseOsmGeoJson } from './osm-geojson';
export { parseCharge, parseFee, osmAtm, isAtm } from './osm-tags';
export { parseOverpass } from './overpass';
export { readAtmFile, MAX_FILE_BYTES } from './read';
export {
  ATM_FORMATS,
  AtmImportError,
  type AtmFormat,
  type ParseOptions,
  type ParsedAtms,
  type SkipReason,
} from './types';
