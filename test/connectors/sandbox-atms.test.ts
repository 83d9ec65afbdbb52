import { isOpenAt } from '../../src/connectors/atm/hours';
import { SandboxBank, sandboxAtms } from '../../src/connectors/sandbox';
import { toMinor } from '../../src/money';

const BOXES: Record<
  string,
  { lat: [number, number]; lon: [number, number]; currency: string; zone: string }
> = {
  London: { lat: [51.28, 51.7], lon: [-0.52, 0.34], currency: 'GBP', zone: 'Europe/London' },
  Manchester: { lat: [53.34, 53.55], lon: [-2.4, -2.1], currency: 'GBP', zone: 'Europe/London' },
  'New York': { lat: [40.49, 40.92], lon: [-74.26, -73.7], currency: 'USD', zone: 'America/New_York' },
};
const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$/;

describe('sandbox ATMs', () => {
  const atms = sandboxAtms();

  it('has at least 200 ATMs across at least 2 cities', () => {
    expect(atms.length).toBeGreaterThanOrEqual(200);
    const perCity = new Map<string, number>();
    for (const a of atms) perCity.set(a.city, (perCity.get(a.city) ?? 0) + 1);
    expect([...perCity.keys()].sort()).toEqual(['London', 'Manchester', 'New York']);
    expect(perCity.get('London')).toBeGreaterThanOrEqual(100);
    expect(perCity.get('Manchester')).toBeGreaterThanOrEqual(60);
  });

  it('has valid fields everywhere', () => {
    expect(new Set(atms.map((a) => a.id)).size).toBe(atms.length);
    const problems: string[] = [];
    for (const a of atms) {
      const box = BOXES[a.city];
      if (!box) {
        problems.push(`${a.id}: unknown city ${a.city}`);
        continue;
      }
      const inBox = a.lat >= box.lat[0] && a.lat <= box.lat[1] && a.lon >= box.lon[0] && a.lon <= box.lon[1];
      if (!inBox) problems.push(`${a.id}: outside ${a.city}`);
      if (!a.name || !a.operator || !/^\d+ \S/.test(a.address))
        problems.push(`${a.id}: name/operator/address`);
      const postcodeOk =
        box.currency === 'USD' ? /^\d{5}$/.test(a.postcode ?? '') : UK_POSTCODE.test(a.postcode ?? '');
      if (!postcodeOk) problems.push(`${a.id}: postcode ${a.postcode}`);
      if (a.fee !== null) {
        if (!a.fee || a.fee.currency !== box.currency || toMinor(a.fee) <= 0n || toMinor(a.fee) > 500n) {
          problems.push(`${a.id}: fee ${JSON.stringify(a.fee)}`);
        }
      }
      if (typeof a.deposits !== 'boolean' || typeof a.wheelchair !== 'boolean')
        problems.push(`${a.id}: flags`);
      if (!a.openingHours || isOpenAt(a.openingHours, new Date(), box.zone) === undefined) {
        problems.push(`${a.id}: hours ${a.openingHours}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('looks like real UK and US ATM estates', () => {
    const uk = atms.filter((a) => a.city !== 'New York');
    const ukFree = uk.filter((a) => a.fee === null).length / uk.length;
    expect(ukFree).toBeGreaterThan(0.7);
    expect(uk.some((a) => a.fee && toMinor(a.fee) >= 150n && toMinor(a.fee) <= 299n)).toBe(true);
    expect(uk.filter((a) => a.openingHours === '24/7').length).toBeGreaterThan(uk.length / 3);
    expect(uk.some((a) => a.deposits)).toBe(true);
    for (const op of ['Barclays', 'HSBC', 'Lloyds', 'NatWest', 'Santander', 'Post Office', 'Notemachine']) {
      expect(uk.some((a) => a.operator === op)).toBe(true);
    }
    expect(atms.filter((a) => a.deposits).every((a) => a.fee === null || a.city === 'New York')).toBe(true);
  });

  it('is deterministic and returns fresh copies', () => {
    const again = sandboxAtms();
    expect(again).toEqual(atms);
    again[0]!.name = 'changed';
    expect(sandboxAtms()[0]!.name).toBe(atms[0]!.name);
  });

  it('is searchable through the bank, with the gazetteer', async () => {
    const bank = new SandboxBank();
    const place = bank.gazetteer.lookup('near Canary Wharf please');
    expect(place?.name).toBe('Canary Wharf');
    const results = await bank.atms.search({ lat: place!.lat, lon: place!.lon, feeFree: true });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.atm.city === 'London' && r.atm.fee === null)).toBe(true);
  });
});
