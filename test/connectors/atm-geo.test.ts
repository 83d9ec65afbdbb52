import { haversineMeters } from '../../src/connectors/atm/geo';

// The directories themselves (memory and Redis GEO) share one contract: atm-directories.test.ts.

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
