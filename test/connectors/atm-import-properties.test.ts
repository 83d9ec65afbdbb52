import fc from 'fast-check';
import {
  parseAtms,
  parseCharge,
  parseOpenBanking,
  parseOsmGeoJson,
  parseOverpass,
} from '../../src/connectors/atm/import';

describe('OSM charge', () => {
  it.each([
    ['2.50 GBP', undefined, { amount: '2.50', currency: 'GBP' }],
    ['GBP 2.5', undefined, { amount: '2.50', currency: 'GBP' }],
    ['£1.99', undefined, { amount: '1.99', currency: 'GBP' }],
    ['2,00 EUR', undefined, { amount: '2.00', currency: 'EUR' }],
    ['€3', undefined, { amount: '3.00', currency: 'EUR' }],
    ['fee 3 USD per withdrawal', undefined, { amount: '3.00', currency: 'USD' }],
    ['300 JPY', undefined, { amount: '300', currency: 'JPY' }],
    ['1.99', 'GBP', { amount: '1.99', currency: 'GBP' }],
    ['1.99', undefined, undefined],
    ['0', undefined, null],
    ['0.00 GBP', undefined, null],
    ['free', undefined, null],
    ['1.999 GBP', undefined, undefined],
    ['1,234.50 GBP', undefined, undefined],
    ['lots', 'GBP', undefined],
  ])('%j (default %s)', (charge, currency, want) => {
    expect(parseCharge(charge, currency)).toEqual(want);
  });
});

describe('parser properties', () => {
  const anyValue = fc.oneof(
    fc.string(),
    fc.constantFrom('yes', 'no', 'limited', 'designated', '24/7', '2.50 GBP', '£', '', ' '),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  );
  const key = fc.oneof(
    fc.constantFrom(
      'amenity',
      'atm',
      'name',
      'brand',
      'operator',
      'network',
      'fee',
      'charge',
      'cash_in',
      'deposit',
      'atm:deposit',
      'wheelchair',
      'opening_hours',
      'opening_hours:atm',
      'addr:street',
      'addr:housenumber',
      'addr:city',
      'addr:postcode',
      'addr:full',
      '__proto__',
      'constructor',
    ),
    fc.string(),
  );
  const tagsArb = fc
    .tuple(fc.dictionary(key, anyValue, { maxKeys: 12 }), fc.constantFrom('atm', 'bank', 'cafe', undefined))
    .map(([tags, amenity]) => (amenity ? { ...tags, amenity, atm: 'yes' } : tags));
  const lat = fc.double({ min: -85, max: 85, noNaN: true });
  const lon = fc.double({ min: -180, max: 180, noNaN: true });

  it('arbitrary tags never throw, and every ATM has a string id, name, operator, address and city', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(tagsArb, lat, lon, anyValue), { maxLength: 8 }), (rows) => {
        const overpass = parseOverpass({
          elements: rows.map(([tags, la, lo, junk], i) => ({
            type: 'node',
            id: i,
            lat: la,
            lon: lo,
            tags,
            junk,
          })),
        });
        const geojson = parseOsmGeoJson({
          type: 'FeatureCollection',
          features: rows.map(([tags, la, lo], i) => ({
            type: 'Feature',
            id: `node/${i}`,
            properties: tags,
            geometry: { type: 'Point', coordinates: [lo, la] },
          })),
        });
        for (const { atms } of [overpass, geojson])
          for (const atm of atms)
            for (const field of [atm.id, atm.name, atm.operator, atm.address, atm.city])
              expect(typeof field).toBe('string');
        expect(overpass.atms.length).toBe(geojson.atms.length);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary JSON never throws anything but a TELLER_ERR_ATM_IMPORT_FORMAT error', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('osm', 'overpass', 'ob', undefined), (json, format) => {
        try {
          parseAtms(json, format);
        } catch (err) {
          expect((err as { code?: string }).code).toBe('TELLER_ERR_ATM_IMPORT_FORMAT');
        }
        for (const wrapped of [
          { elements: [json] },
          { type: 'FeatureCollection', features: [json] },
          { data: [{ Brand: [{ BrandName: 'B', ATM: [json] }] }] },
        ])
          expect(() => parseAtms(wrapped)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('coordinates round-trip: Overpass numbers, GeoJSON points and Open Banking strings', () => {
    const degrees = (max: number) =>
      fc
        .tuple(fc.integer({ min: -max, max }), fc.integer({ min: 0, max: 99_999_999 }))
        .map(([whole, frac]) => `${whole < 0 ? '-' : ''}${Math.abs(whole)}.${String(frac).padStart(8, '0')}`);
    fc.assert(
      fc.property(lat, lon, degrees(84), degrees(179), (la, lo, latText, lonText) => {
        const tags = { amenity: 'atm' };
        const [viaOverpass] = parseOverpass({
          elements: [{ type: 'node', id: 1, lat: la, lon: lo, tags }],
        }).atms;
        expect([viaOverpass!.lat, viaOverpass!.lon]).toEqual([la, lo]);
        const [viaGeoJson] = parseOsmGeoJson({
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: tags, geometry: { type: 'Point', coordinates: [lo, la] } },
          ],
        }).atms;
        expect([viaGeoJson!.lat, viaGeoJson!.lon]).toEqual([la, lo]);
        const [viaOb] = parseOpenBanking({
          data: [
            {
              Brand: [
                {
                  BrandName: 'B',
                  ATM: [
                    {
                      Identification: 'X1',
                      SupportedCurrencies: ['GBP'],
                      Location: {
                        PostalAddress: {
                          GeoLocation: { GeographicCoordinates: { Latitude: latText, Longitude: lonText } },
                        },
                      },
                    },
                  ],
                },
              ],
            },
          ],
        }).atms;
        expect([viaOb!.lat, viaOb!.lon]).toEqual([Number(latText), Number(lonText)]);
      }),
      { numRuns: 300 },
    );
  });

  it('fee parsing never produces a float: Money is a decimal string, exact to the minor unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('GBP', 'EUR', 'USD'),
        fc.constantFrom('{a} {c}', '{c} {a}', '{a}{c}', '{a} {c}/withdrawal'),
        (whole, cents, currency, shape) => {
          const amount = `${whole}.${String(cents).padStart(2, '0')}`;
          const fee = parseCharge(shape.replace('{a}', amount).replace('{c}', currency));
          if (whole === 0 && cents === 0) expect(fee).toBeNull();
          else expect(fee).toEqual({ amount, currency });
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('GBP', undefined), (charge, currency) => {
        const fee = parseCharge(charge, currency);
        if (fee) {
          expect(typeof fee.amount).toBe('string');
          expect(fee.amount).toMatch(/^\d+(\.\d+)?$/);
          expect(fee.currency).toMatch(/^[A-Z]{3}$/);
        } else expect(fee === null || fee === undefined).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
