import fc from 'fast-check';
import { haversineMeters } from '../../src/connectors/atm/geo';
import { isOpenAt } from '../../src/connectors/atm/hours';
import { sandboxAtms } from '../../src/connectors/sandbox';
import type { Atm, AtmDirectory } from '../../src/connectors/types';

/** Builds a directory holding exactly `atms` (and cleans up after itself). */
export type DirectoryFactory = (atms: readonly Atm[]) => Promise<AtmDirectory>;

const SMALL: Atm[] = [
  {
    id: 'a',
    name: 'A',
    operator: 'X',
    lat: 51.5,
    lon: -0.1,
    address: '1 A St',
    city: 'London',
    fee: null,
    openingHours: '24/7',
    wheelchair: true,
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
    openingHours: 'Mo-Fr 08:00-18:00',
  },
  {
    id: 'd',
    name: 'D',
    operator: 'Y',
    lat: 51.5003,
    lon: -0.1,
    address: '4 A St',
    city: 'London',
    openingHours: 'Sa-Su 10:00-16:00',
    wheelchair: false,
  },
];

/** One contract, every AtmDirectory: nearest first, radius and limit, filters, opening hours. */
export function atmDirectoryContract(name: string, make: DirectoryFactory): void {
  describe(`AtmDirectory contract: ${name}`, () => {
    let sandbox: AtmDirectory;
    let small: AtmDirectory;
    const atms = sandboxAtms();
    beforeAll(async () => {
      sandbox = await make(atms);
      small = await make(SMALL);
    });

    it('defaults to 5 results within 2 km, nearest first', async () => {
      const results = await sandbox.search({ lat: 51.5101, lon: -0.134 });
      expect(results).toHaveLength(5);
      expect(results.every((r) => r.distanceMeters <= 2000)).toBe(true);
      const d = results.map((r) => r.distanceMeters);
      expect(d).toEqual([...d].sort((x, y) => x - y));
    });

    it('finds nothing in the middle of nowhere, honours limit 0, rejects impossible coordinates', async () => {
      expect(await sandbox.search({ lat: 52.2, lon: -1.5 })).toEqual([]);
      expect(await sandbox.search({ lat: 51.5101, lon: -0.134, limit: 0 })).toEqual([]);
      await expect(sandbox.search({ lat: 123, lon: 0 })).rejects.toThrow(RangeError);
      await expect(sandbox.search({ lat: Number.NaN, lon: 0 })).rejects.toThrow(RangeError);
    });

    it('fee-free keeps known-free ATMs only; deposits keeps known deposit-takers; wheelchair known-accessible ones', async () => {
      const ids = async (q: object) =>
        (await small.search({ lat: 51.5, lon: -0.1, ...q })).map((r) => r.atm.id);
      expect(await ids({})).toEqual(['a', 'b', 'c', 'd']);
      expect(await ids({ feeFree: true })).toEqual(['a']);
      expect(await ids({ deposits: true })).toEqual(['c']);
      // Unknown access (b, c) and known no (d) are both left out.
      expect(await ids({ wheelchair: true })).toEqual(['a']);
      expect(await ids({ feeFree: false, deposits: false, wheelchair: false })).toEqual(['a', 'b', 'c', 'd']);
      expect(await ids({ feeFree: true, deposits: true })).toEqual([]);
    });

    it('combines the filters with open-now (Sunday noon in London)', async () => {
      const ids = async (q: object) =>
        (await small.search({ lat: 51.5, lon: -0.1, openAt: new Date('2026-03-22T12:00:00Z'), ...q })).map(
          (r) => r.atm.id,
        );
      expect(await ids({})).toEqual(['a', 'b', 'd']); // Sunday noon: c (weekdays) is shut
      expect(await ids({ wheelchair: true })).toEqual(['a']);
      expect(await ids({ deposits: true })).toEqual([]);
    });

    it('openAt drops ATMs closed then (in the given zone) and keeps unknown hours', async () => {
      const ids = async (at: string, timezone?: string) =>
        (
          await small.search({
            lat: 51.5,
            lon: -0.1,
            openAt: new Date(at),
            ...(timezone ? { timezone } : {}),
          })
        ).map((r) => r.atm.id);
      expect(await ids('2026-03-18T12:00:00Z')).toEqual(['a', 'b', 'c']); // Wednesday noon in London
      expect(await ids('2026-03-22T12:00:00Z')).toEqual(['a', 'b', 'd']); // Sunday noon
      expect(await ids('2026-03-18T23:30:00Z')).toEqual(['a', 'b']); // Wednesday night
      // 17:30 UTC is 18:30 in Paris: closed there, open by London's clock.
      expect(await ids('2026-03-18T17:30:00Z', 'Europe/Paris')).toEqual(['a', 'b']);
      expect(await ids('2026-03-18T17:30:00Z', 'Europe/London')).toEqual(['a', 'b', 'c']);
    });

    it("reads an ATM's hours in its own timezone when it names one", async () => {
      // The sandbox's New York machines: 03:30 UTC on a Sunday is 23:30 Saturday there.
      const at = new Date('2026-03-22T03:30:00Z');
      const found = await sandbox.search({ lat: 40.758, lon: -73.9855, limit: 40, openAt: at });
      expect(found.length).toBeGreaterThan(0);
      for (const { atm } of found) {
        expect(atm.timezone).toBe('America/New_York');
        expect(isOpenAt(atm.openingHours ?? '24/7', at, 'America/New_York')).not.toBe(false);
      }
      // 'Mo-Su 06:00-24:00' is open at 23:30 in New York, though not at 03:30 by London's clock.
      expect(found.some(({ atm }) => atm.openingHours === 'Mo-Su 06:00-24:00')).toBe(true);
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
      wheelchair: fc.option(fc.boolean(), { nil: undefined }),
      openAt: fc.option(
        fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
        {
          nil: undefined,
        },
      ),
    });

    it('returns exactly the nearest qualifying ATMs within the radius (property, vs brute force)', async () => {
      await fc.assert(
        fc.asyncProperty(
          searchArb,
          async ({ anchor, dLat, dLon, radiusMeters, limit, feeFree, deposits, wheelchair, openAt }) => {
            const query = {
              lat: anchor.lat + dLat,
              lon: anchor.lon + dLon,
              radiusMeters,
              limit,
              feeFree,
              deposits,
              wheelchair,
              openAt,
            };
            const results = await sandbox.search(query);
            const radius = radiusMeters ?? 2000;
            const qualifying = atms
              .filter((a) => (!feeFree || a.fee === null) && (!deposits || a.deposits === true))
              .filter((a) => !wheelchair || a.wheelchair === true)
              .filter(
                (a) =>
                  !openAt ||
                  !a.openingHours ||
                  isOpenAt(a.openingHours, openAt, a.timezone ?? 'Europe/London') !== false,
              )
              .map((a) => ({ id: a.id, d: haversineMeters(query.lat, query.lon, a.lat, a.lon) }))
              .filter((x) => x.d <= radius)
              .sort((x, y) => x.d - y.d || (x.id < y.id ? -1 : 1));
            const want = qualifying.slice(0, limit ?? 5);
            expect(results.map((r) => r.atm.id)).toEqual(want.map((x) => x.id));
            results.forEach((r, i) => expect(r.distanceMeters).toBeCloseTo(want[i]!.d, 6));
          },
        ),
        { numRuns: 120 },
      );
    });
  });
}
