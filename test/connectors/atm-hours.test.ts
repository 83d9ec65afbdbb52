import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describeHours, isOpenAt } from '../../src/connectors/atm/hours';

const ZONE = 'Europe/London';
/** A wall-clock time in London; 2025-03-10 is a Monday. */
function at(day: 'Mo' | 'Tu' | 'We' | 'Th' | 'Fr' | 'Sa' | 'Su', time: string): Date {
  const offset = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'].indexOf(day);
  return DateTime.fromISO(`2025-03-${String(10 + offset).padStart(2, '0')}T${time}`, {
    zone: ZONE,
  }).toJSDate();
}

const realisticDate = fc.date({
  min: new Date('1990-01-01'),
  max: new Date('2100-01-01'),
  noInvalidDate: true,
});

describe('isOpenAt', () => {
  it.each([
    ['24/7', at('Su', '03:00'), true],
    ['Mo-Fr 08:00-18:00; Sa 09:00-17:00', at('Mo', '08:00'), true],
    ['Mo-Fr 08:00-18:00; Sa 09:00-17:00', at('Mo', '07:59'), false],
    ['Mo-Fr 08:00-18:00; Sa 09:00-17:00', at('Fr', '17:59'), true],
    ['Mo-Fr 08:00-18:00; Sa 09:00-17:00', at('Fr', '18:00'), false],
    ['Mo-Fr 08:00-18:00; Sa 09:00-17:00', at('Sa', '12:00'), true],
    ['Mo-Fr 08:00-18:00; Sa 09:00-17:00', at('Su', '12:00'), false],
    ['Mo-Su 07:00-23:00', at('Su', '22:59'), true],
    ['Mo-Su 07:00-23:00', at('We', '23:30'), false],
    ['off', at('We', '12:00'), false],
    ['closed', at('We', '12:00'), false],
    ['Mo,We,Fr 10:00-16:00', at('We', '11:00'), true],
    ['Mo,We,Fr 10:00-16:00', at('Tu', '11:00'), false],
    ['Mo-Fr 09:00-12:00,13:00-17:00', at('Tu', '12:30'), false],
    ['Mo-Fr 09:00-12:00,13:00-17:00', at('Tu', '13:30'), true],
    ['Mo-Su 18:00-02:00', at('Tu', '01:30'), true],
    ['Mo-Su 18:00-02:00', at('Tu', '02:30'), false],
    ['Fr-Sa 22:00-04:00', at('Su', '03:00'), true],
    ['Fr-Sa 22:00-04:00', at('Mo', '03:00'), false],
    ['Fr-Mo 10:00-14:00', at('Mo', '11:00'), true],
    ['Fr-Mo 10:00-14:00', at('Tu', '11:00'), false],
    ['Mo-Sa 08:00-20:00; Su off', at('Su', '12:00'), false],
    ['Mo-Su 08:00-20:00; Su off', at('Su', '12:00'), false],
    ['Mo-Fr 08:00-18:00, Sa 10:00-12:00', at('Sa', '11:00'), true],
    ['Mo-Fr 08:00-18:00; PH off', at('Mo', '09:00'), true],
    ['Mo-Su 06:00-24:00', at('Th', '23:59'), true],
    ['mo-fr 08:00-18:00', at('Mo', '09:00'), true],
    ['09:00-17:00', at('Su', '10:00'), true],
    ['Sa', at('Sa', '00:01'), true],
  ])('%s at %s → %s', (hours, date, expected) => {
    expect(isOpenAt(hours, date, ZONE)).toBe(expected);
  });

  it('uses the given timezone', () => {
    const utcNoon = new Date('2025-03-12T12:00:00Z'); // Wednesday: 08:00 in New York, 21:00 in Tokyo
    expect(isOpenAt('Mo-Fr 09:00-17:00', utcNoon, 'America/New_York')).toBe(false);
    expect(isOpenAt('Mo-Fr 09:00-17:00', utcNoon, 'Europe/London')).toBe(true);
    expect(isOpenAt('Mo-Fr 09:00-17:00', utcNoon, 'Asia/Tokyo')).toBe(false);
  });

  it.each([
    '',
    'sunrise-sunset',
    'Mo-Fr 08:00-',
    'Xx 08:00-10:00',
    'Mo-Fr 25:00-26:00',
    'open "by appointment"',
    'Mo-PH',
  ])('cannot tell for %j', (hours) => {
    expect(isOpenAt(hours, new Date(), ZONE)).toBeUndefined();
  });

  it('cannot tell in an unknown timezone', () => {
    expect(isOpenAt('24/7', new Date(), 'Nowhere/Special')).toBeUndefined();
  });

  it('never throws, whatever the input (property)', () => {
    const piece = fc.constantFrom(
      'Mo',
      'Tu',
      'Sa',
      'Su',
      'PH',
      '-',
      ',',
      ';',
      ' ',
      '08:00',
      '24:00',
      '7',
      ':',
      'off',
      '24/7',
      'x',
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(text, fc.date({ noInvalidDate: true }), (hours, date) => {
        const open = isOpenAt(hours, date, ZONE);
        expect(open === undefined || typeof open === 'boolean').toBe(true);
        expect(typeof describeHours(hours)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('always understands well-formed rules (property)', () => {
    const days = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
    const hhmm = ([h, m]: [number, number]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    const rule = fc
      .tuple(fc.constantFrom(...days), fc.constantFrom(...days), time, time)
      .map(([a, b, s, e]) => `${a}-${b} ${hhmm(s)}-${hhmm(e)}`);
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), realisticDate, (rules, date) => {
        expect(typeof isOpenAt(rules.join('; '), date, ZONE)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('describeHours', () => {
  it.each([
    ['24/7', 'Open 24 hours'],
    ['Mo-Su 00:00-24:00', 'Open 24 hours'],
    ['Mo-Fr 08:00-18:00; Sa 09:00-17:00', 'Mon–Fri 8:00–18:00, Sat 9:00–17:00'],
    ['Mo-Su 07:00-23:00', 'Daily 7:00–23:00'],
    ['off', 'Closed'],
    ['Mo-Sa 07:00-22:00; Su 10:00-16:00', 'Mon–Sat 7:00–22:00, Sun 10:00–16:00'],
    ['Mo,We,Fr 09:00-12:00,13:00-17:00', 'Mon, Wed & Fri 9:00–12:00 and 13:00–17:00'],
    ['Mo-Fr 08:00-18:00; Sa-Su off', 'Mon–Fri 8:00–18:00, Sat & Sun closed'],
    ['Fr-Mo 10:00-14:00', 'Fri–Mon 10:00–14:00'],
    ['Mo-Su 18:00-02:00', 'Daily 18:00–2:00'],
    ['sunrise-sunset', 'sunrise-sunset'],
  ])('%s → %s', (hours, text) => {
    expect(describeHours(hours)).toBe(text);
  });
});
