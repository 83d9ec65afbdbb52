import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  detectFormat,
  parseAtms,
  parseOsmGeoJson,
  parseOverpass,
  readAtmFile,
} from '../../src/connectors/atm/import';
import { MemoryAtmDirectory } from '../../src/connectors/atm/memory';
import type { Atm } from '../../src/connectors/types';

const FIXTURES = join(__dirname, 'fixtures', 'atm');
const fixture = (name: string) => join(FIXTURES, name);
const byId = (atms: Atm[]) => new Map(atms.map((a) => [a.id, a]));

describe('OSM GeoJSON (overpass-turbo export)', () => {
  it('maps amenity=atm and banks with atm=yes, with name, operator, address, hours, fee, deposits, wheelchair', async () => {
    const parsed = await readAtmFile(fixture('kings-cross.geojson'));
    expect(parsed.format).toBe('osm');
    const atms = byId(parsed.atms);
    expect([...atms.keys()]).toEqual([
      'osm:node/4410021001',
      'osm:node/4410021002',
      'osm:way/310000777',
      'osm:node/4410021004',
    ]);
    expect(atms.get('osm:node/4410021001')).toEqual({
      id: 'osm:node/4410021001',
      name: 'Barclays',
      operator: 'Barclays',
      lat: 51.5337,
      lon: -0.1257,
      address: '1 Pancras Square',
      city: 'London',
      postcode: 'N1C 4AG',
      openingHours: '24/7',
      fee: null,
      deposits: false,
      wheelchair: true,
    });
    const cashzone = atms.get('osm:node/4410021002')!;
    expect(cashzone.fee).toEqual({ amount: '1.99', currency: 'GBP' });
    expect(cashzone.operator).toBe('Cashzone');
    expect(cashzone.wheelchair).toBe(false); // wheelchair=limited is not step-free
    expect(cashzone.deposits).toBeUndefined();
    // A bank's ATM: its own hours (opening_hours:atm), not the branch's; centre of the building.
    const natwest = atms.get('osm:way/310000777')!;
    expect(natwest).toMatchObject({ name: 'NatWest ATM', openingHours: 'Mo-Su 06:00-24:00', deposits: true });
    expect(natwest.lat).toBeCloseTo(51.5306, 9);
    expect(natwest.lon).toBeCloseTo(-0.1229, 9);
    // Odd tag values (a number, an array, "sometimes", "lots") become unknowns, not errors.
    expect(atms.get('osm:node/4410021004')).toEqual({
      id: 'osm:node/4410021004',
      name: 'ATM',
      operator: 'Unknown operator',
      lat: 51.5318,
      lon: -0.1222,
      address: '',
      city: '',
      openingHours: 'sunrise-sunset',
    });
    expect(parsed.skipped).toEqual({ 'not an ATM': 1, 'no coordinates': 1, 'invalid record': 1 });
  });

  it('reads osmtogeojson properties.tags, gives id-less features a position id, skips the poles', () => {
    const parsed = parseOsmGeoJson({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { type: 'node', id: 77, tags: { amenity: 'atm', operator: 'HSBC UK' } },
          geometry: { type: 'Point', coordinates: [-1.8904, 52.4862] },
        },
        {
          type: 'Feature',
          properties: { amenity: 'atm' },
          geometry: { type: 'Point', coordinates: [2.35, 48.85] },
        },
        {
          type: 'Feature',
          properties: { amenity: 'atm' },
          geometry: { type: 'Point', coordinates: [0, 89.5] },
        },
      ],
    });
    expect(parsed.atms.map((a) => [a.id, a.operator])).toEqual([
      ['osm:node/77', 'HSBC UK'],
      ['osm:@48.8500000,2.3500000', 'Unknown operator'],
    ]);
    expect(parsed.skipped).toEqual({ 'coordinates out of range': 1 });
  });
});

describe('Overpass JSON', () => {
  it('reads nodes and ways with `out center`, counts what it skips, keeps one ATM per id', async () => {
    const parsed = await readAtmFile(fixture('kings-cross-overpass.json'));
    expect(parsed.format).toBe('overpass');
    const atms = byId(parsed.atms);
    expect([...atms.keys()]).toEqual([
      'osm:node/4410021001',
      'osm:node/4410021005',
      'osm:node/4410021006',
      'osm:way/310000777',
    ]);
    expect(atms.get('osm:node/4410021005')).toMatchObject({
      fee: { amount: '2.50', currency: 'GBP' },
      deposits: true,
    });
    // charge=0 is free; deposit=no is known.
    expect(atms.get('osm:node/4410021006')).toMatchObject({ fee: null, deposits: false, operator: 'LINK' });
    expect(atms.get('osm:way/310000777')).toMatchObject({ lat: 51.5306, lon: -0.1229 });
    expect(parsed.skipped).toEqual({
      'no coordinates': 2, // a relation without center, a node with a string latitude
      'not an ATM': 2,
      'duplicate id': 1,
      'invalid record': 1,
    });
  });

  it('uses bounds or geometry when a way has no center', () => {
    const tags = { amenity: 'atm' };
    const parsed = parseOverpass({
      elements: [
        { type: 'way', id: 1, bounds: { minlat: 51, minlon: -1, maxlat: 51.002, maxlon: -0.998 }, tags },
        {
          type: 'way',
          id: 2,
          geometry: [
            { lat: 52, lon: 0 },
            { lat: 52.002, lon: 0.002 },
          ],
          tags,
        },
      ],
    });
    const [one, two] = parsed.atms;
    expect([one?.id, two?.id]).toEqual(['osm:way/1', 'osm:way/2']);
    expect(one?.lat).toBeCloseTo(51.001, 9);
    expect(one?.lon).toBeCloseTo(-0.999, 9);
    expect(two?.lat).toBeCloseTo(52.001, 9);
    expect(two?.lon).toBeCloseTo(0.001, 9);
  });
});

describe('Open Banking Open Data ATM v2.3', () => {
  it('maps Brand, Site, PostalAddress, GeographicCoordinates, ATMServices, Accessibility, Access24HoursIndicator', async () => {
    const parsed = await readAtmFile(fixture('open-banking-atms.json'));
    expect(parsed.format).toBe('ob');
    expect(parsed.atms).toEqual([
      {
        id: 'ob:northbridge-bank:NB100231',
        name: 'Kings Cross',
        operator: 'Northbridge Bank',
        lat: 51.53098422,
        lon: -0.12045712,
        address: '27 Pentonville Road',
        city: 'London',
        postcode: 'N1 9DX',
        openingHours: '24/7',
        deposits: true,
        wheelchair: true,
      },
      {
        id: 'ob:northbridge-bank:NB100232',
        name: 'Northbridge Bank ATM',
        operator: 'Northbridge Bank',
        lat: 51.5322,
        lon: -0.1262,
        address: 'Unit 4, St Pancras International',
        city: 'London',
        postcode: 'N1C 4QP',
        deposits: false,
      },
      {
        id: 'ob:harbour-savings:HS-0042',
        name: 'Euston Station Concourse',
        operator: 'Harbour Savings',
        lat: 51.528136,
        lon: -0.133924,
        address: 'Euston Road',
        city: 'London',
        postcode: 'NW1 2RT',
        deposits: true,
      },
    ]);
    // v2.3 has no fee field: the fee stays unknown, so a fee-free search never claims these.
    expect(parsed.atms.every((a) => a.fee === undefined)).toBe(true);
    expect(parsed.skipped).toEqual({ 'no coordinates': 1, 'invalid record': 1 });
  });

  it('imported ATMs answer filtered searches', async () => {
    const { atms } = await readAtmFile(fixture('open-banking-atms.json'), undefined, {
      timezone: 'Europe/London',
    });
    const dir = new MemoryAtmDirectory(atms);
    const ids = async (q: object) =>
      (await dir.search({ lat: 51.5308, lon: -0.1238, ...q })).map((r) => r.atm.id);
    expect(await ids({ wheelchair: true })).toEqual(['ob:northbridge-bank:NB100231']);
    expect(await ids({ deposits: true })).toEqual([
      'ob:northbridge-bank:NB100231',
      'ob:harbour-savings:HS-0042',
    ]);
    expect(atms.every((a) => a.timezone === 'Europe/London')).toBe(true);
  });
});

describe('format detection and unreadable files', () => {
  it('detects each format by shape, and a forced format must match', () => {
    expect(detectFormat({ type: 'FeatureCollection', features: [] })).toBe('osm');
    expect(detectFormat({ elements: [] })).toBe('overpass');
    expect(detectFormat({ meta: {}, data: [{ Brand: [] }] })).toBe('ob');
    expect(detectFormat({ data: [] })).toBeUndefined();
    expect(detectFormat([1, 2])).toBeUndefined();
    expect(() => parseAtms({ elements: [] }, 'ob')).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_ATM_IMPORT_FORMAT' }),
    );
    expect(() => parseAtms({ hello: 'world' })).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_ATM_IMPORT_FORMAT' }),
    );
  });

  it('names a missing file, a directory and broken JSON with stable codes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'teller-atm-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"elements": [');
    const bom = join(dir, 'bom.json');
    await writeFile(bom, '\uFEFF{"elements": []}');
    await expect(readAtmFile(join(dir, 'nope.json'))).rejects.toMatchObject({
      code: 'TELLER_ERR_ATM_IMPORT_FILE',
      message: expect.stringMatching(/no such file/),
    });
    await expect(readAtmFile(dir)).rejects.toMatchObject({ code: 'TELLER_ERR_ATM_IMPORT_FILE' });
    await expect(readAtmFile(broken)).rejects.toMatchObject({ code: 'TELLER_ERR_ATM_IMPORT_FORMAT' });
    expect((await readAtmFile(bom)).format).toBe('overpass');
  });
});
