import { haversineMeters } from '../../src/connectors/atm/geo';
import { SandboxGazetteer } from '../../src/connectors/sandbox';

const gazetteer = new SandboxGazetteer();

describe('SandboxGazetteer', () => {
  it('holds at least 80 entries', () => {
    expect(gazetteer.size).toBeGreaterThanOrEqual(80);
  });

  it.each([
    ['SW1A 1AA', 'SW1A 1AA', 'postcode'],
    ['sw1a1aa', 'SW1A 1AA', 'postcode'],
    ['  Sw1A   1aA ', 'SW1A 1AA', 'postcode'],
    ['EC2V', 'EC2V', 'postcode'],
    ['ec2v 7hh', 'EC2V', 'postcode'],
    ['M1', 'M1', 'postcode'],
    ['M4 1HQ', 'M4 1HQ', 'postcode'],
    ['m41hq', 'M4 1HQ', 'postcode'],
    ['atms near W1J 9ZZ', 'W1J', 'postcode'],
    ['10036', '10036', 'postcode'],
    ['Piccadilly Circus', 'Piccadilly Circus', 'place'],
    ['near piccadilly circus please', 'Piccadilly Circus', 'place'],
    ['picadilly circus', 'Piccadilly Circus', 'place'],
    ["King's Cross", "King's Cross", 'place'],
    ['kings cross', "King's Cross", 'place'],
    ['kings corss station', "King's Cross", 'place'],
    ['Canary Wharf', 'Canary Wharf', 'place'],
    ['cash machine at canary warf?', 'Canary Wharf', 'place'],
    ['Manchester Piccadilly', 'Manchester Piccadilly', 'place'],
    ['piccadilly, manchester', 'Manchester Piccadilly', 'place'],
    ['Northern Quarter', 'Northern Quarter', 'place'],
    ['deansgate', 'Deansgate', 'place'],
    ['victoria manchester', 'Manchester Victoria', 'place'],
    ['London', 'London', 'place'],
    ['manchester', 'Manchester', 'place'],
    ['NYC', 'New York', 'place'],
    ['soho london', 'Soho', 'place'],
    ['times sq', 'Times Square', 'place'],
    ['elephant and castle', 'Elephant & Castle', 'place'],
    ['St Paul’s', "St Paul's Cathedral", 'place'],
    ['221B Baker Street', '221B Baker Street', 'street'],
    ['221b baker st, london', '221B Baker Street', 'street'],
    ['Oxford Street', 'Oxford Street', 'street'],
  ])('%j → %s', (text, name, kind) => {
    expect(gazetteer.lookup(text)).toMatchObject({ name, kind });
  });

  it('prefers the most specific name', () => {
    expect(gazetteer.lookup('piccadilly circus london')?.name).toBe('Piccadilly Circus');
    expect(gazetteer.lookup('baker street')?.name).toBe('Baker Street');
    expect(gazetteer.lookup('greenwich village')?.name).toBe('Greenwich Village');
    expect(gazetteer.lookup('greenwich')?.name).toBe('Greenwich');
  });

  it.each(['', '   ', 'hello there', 'atm near my house', 'zz9 9zz', '?!'])(
    'finds nothing for %j',
    (text) => {
      expect(gazetteer.lookup(text)).toBeUndefined();
    },
  );

  it('returns real coordinates', () => {
    const near = (text: string, lat: number, lon: number, metres: number) => {
      const p = gazetteer.lookup(text);
      if (!p) throw new Error(`no match for ${text}`);
      expect(haversineMeters(p.lat, p.lon, lat, lon)).toBeLessThan(metres);
    };
    near('Buckingham Palace', 51.5014, -0.1419, 150);
    near('SW1A 1AA', 51.5014, -0.1419, 150);
    near('Trafalgar Square', 51.508, -0.128, 150);
    near('Manchester Piccadilly', 53.4774, -2.2309, 200);
    near('Times Square', 40.758, -73.9855, 200);
    near('Manchester', 53.48, -2.24, 2000);
  });
});
