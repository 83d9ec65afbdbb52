import fc from 'fast-check';
import { MemoryAtmDirectory } from '../../src/connectors/atm/memory';
import { haversineMeters } from '../../src/connectors/atm/geo';
import { sandboxAtms } from '../../src/connectors/sandbox';
import type { Atm } from '../../src/connectors/types';

const atms = sandboxAtms();
const directory = new MemoryAtmDirectory(atms);

describe('haversineMeters', () => {
  it('measures known distances', () => {
    expect(haversineMeters(51.5101, -0.134, 51.5101, -0.134)).toBe(0);
    // Piccadilly Circus → Oxford Circus is about 750 m.
    expect(haversineMeters(51.5101, -0.134, 51.5152, -0.1419)).toBeGreaterThan(700);
    expect(haversineMeters(51.5101, -0.134, 51.5152, -0.1419)).toBeLessThan(800);
    // London → Manchester is about 262 km as the crow flies.
    const lonMan = haversineMeters(51.5074, -0.1278, 53.4808, -2.2426);
    expect(lonMan / 1000).toBeCloseTo(262, -1);
    expect(haversineMeters(53.4808, -2.2426, 51.5074, -0.1278)).toBeCloseTo(lonMan, 6);
  });
});

describe('MemoryAtmDirectory', () => {
  it('defaults to 5 results within 2 km, nearest first', async () => {
    const results = await directory.search({ lat: 51.5101, lon: -0.134 });
    expect(results).toHaveLength(5);
    expect(results.every((r) => r.distanceMeters <= 2000)).toBe(true);
    expect(results.map((r) => r.distanceMeters)).toEqual(
      [...results.map((r) => r.distanceMeters)].sort((a, b) => a - b),
    );
  });

  it('finds nothing in the middle of nowhere and honours limit 0', async () => {
    expect(await directory.search({ lat: 52.2, lon: -1.5 })).toEqual([]);
    expect(await directory.search({ lat: 51.5101, lon: -0.134, limit: 0 })).toEqual([]);
  });

  it('rejects impossible coordinates', async () => {
    await expect(directory.search({ lat: 123, lon: 0 })).rejects.toThrow(RangeError);
    await expect(directory.search({ lat: Number.NaN, lon: 0 })).rejects.toThrow(RangeError);
  });

  it('treats unknown fees as not fee-free', async () => {
    const small: Atm[] = [
      {
        id: 'a',
        name: 'A',
        operator: 'X',
        lat: 51.5,
        lon: -0.1,
        address: '1 A St',
        city: 'London',
        fee: null,
      },
      { id: 'b', name: 'B', operator: 'X', lat: 51.5001, lon: -0.1, address: '2 A St', city: 'London' },
      {
        id: 'c',
        name: 'C',
        operator: 'X',
        lat: 51.5002,
        lon: -0.1,
        address: '3 A St',
        city: 'London',
        fee: { amount: '1.99', currency: 'GBP' },
        deposits: true,
      },
    ];
    const dir = new MemoryAtmDirectory(small);
    expect((await dir.search({ lat: 51.5, lon: -0.1 })).map((r) => r.atm.id)).toEqual(['a', 'b', 'c']);
    expect((await dir.search({ lat: 51.5, lon: -0.1, feeFree: true })).map((r) => r.atm.id)).toEqual(['a']);
    expect((await dir.search({ lat: 51.5, lon: -0.1, deposits: true })).map((r) => r.atm.id)).toEqual(['c']);
    expect(await dir.search({ lat: 51.5, lon: -0.1, feeFree: false, deposits: false })).toHaveLength(3);
  });

  const anchors = [
    { lat: 51.5101, lon: -0.134 },
    { lat: 51.5054, lon: -0.0235 },
    { lat: 53.4808, lon: -2.2426 },
    { lat: 40.758, lon: -73.9855 },
  ];
  const searchArb = fc.record({
    anchor: fc.constantFrom(...anchors),
    dLat: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
    dLon: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
    radiusMeters: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined }),
    limit: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    feeFree: fc.option(fc.boolean(), { nil: undefined }),
    deposits: fc.option(fc.boolean(), { nil: undefined }),
  });

  it('returns exactly the nearest matching ATMs, sorted, within the radius (property)', async () => {
    await fc.assert(
      fc.asyncProperty(searchArb, async ({ anchor, dLat, dLon, radiusMeters, limit, feeFree, deposits }) => {
        const query = {
          lat: anchor.lat + dLat,
          lon: anchor.lon + dLon,
          radiusMeters,
          limit,
          feeFree,
          deposits,
        };
        const results = await directory.search(query);
        const radius = radiusMeters ?? 2000;
        const max = limit ?? 5;
        expect(results.length).toBeLessThanOrEqual(max);
        for (let i = 1; i < results.length; i++) {
          expect(results[i]!.distanceMeters).toBeGreaterThanOrEqual(results[i - 1]!.distanceMeters);
        }
        for (const { atm, distanceMeters } of results) {
          expect(distanceMeters).toBeLessThanOrEqual(radius);
          expect(distanceMeters).toBeCloseTo(haversineMeters(query.lat, query.lon, atm.lat, atm.lon), 6);
          if (feeFree) expect(atm.fee).toBeNull();
          if (deposits) expect(atm.deposits).toBe(true);
        }
        // Brute force agrees on how many qualify and on the cut-off distance.
        const qualifying = atms
          .filter((a) => (!feeFree || a.fee === null) && (!deposits || a.deposits === true))
          .map((a) => haversineMeters(query.lat, query.lon, a.lat, a.lon))
          .filter((d) => d <= radius)
          .sort((a, b) => a - b);
        expect(results.length).toBe(Math.min(max, qualifying.length));
        expect(results.map((r) => r.distanceMeters)).toEqual(qualifying.slice(0, results.length));
      }),
      { numRuns: 150 },
    );
  });
});
