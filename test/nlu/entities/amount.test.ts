import { extractAmount } from '../../../src/nlu/entities';
import { shiftDecimal } from '../../../src/nlu/entities/amount';

describe('extractAmount', () => {
  test.each([
    ['£50', '50.00', 'GBP'],
    ['50 quid', '50.00', 'GBP'],
    ['$1,234.56', '1234.56', 'USD'],
    ['over 100 euros', '100.00', 'EUR'],
    ['€20', '20.00', 'EUR'],
    ['20€', '20.00', 'EUR'],
    ['20 GBP', '20.00', 'GBP'],
    ['EUR 15.5', '15.50', 'EUR'],
    ['1.5k', '1500.00', 'GBP'],
    ['£2.5k', '2500.00', 'GBP'],
    ['2 grand', '2000.00', 'GBP'],
    ['£1.2m', '1200000.00', 'GBP'],
    ['50p', '0.50', 'GBP'],
    ['10 pounds', '10.00', 'GBP'],
    ['twenty bucks? no: 20 bucks', '20.00', 'USD'],
    ['¥5000', '5000', 'JPY'],
    ['US$30', '30.00', 'USD'],
    ['payments over 100', '100.00', 'GBP'],
    ['anything under 20.5', '20.50', 'GBP'],
    ['more than 1,000', '1000.00', 'GBP'],
    ['spent 12.99 on lunch', '12.99', 'GBP'],
    ['between 50 and 100', '50.00', 'GBP'],
    ['budget of 300', '300.00', 'GBP'],
    ['send £5 to Sam, then over £100', '5.00', 'GBP'],
  ])('%s → %s %s', (text, amount, currency) => {
    expect(extractAmount(text)).toEqual({ amount, currency });
  });

  test('bare amounts use ctx.currency; $ follows a dollar ctx currency', () => {
    expect(extractAmount('over 100', { currency: 'EUR' })).toEqual({ amount: '100.00', currency: 'EUR' });
    expect(extractAmount('over 100', { currency: 'jpy' })).toEqual({ amount: '100', currency: 'JPY' });
    expect(extractAmount('$20', { currency: 'CAD' })).toEqual({ amount: '20.00', currency: 'CAD' });
    expect(extractAmount('$20', { currency: 'GBP' })).toEqual({ amount: '20.00', currency: 'USD' });
  });

  test.each([
    'last 5 transactions',
    'show 3',
    'over 5 transactions',
    'past 30 days',
    'over 3 months',
    'between 1 and 10 March',
    'March 3rd',
    'on 15/03/2026',
    'in 2025',
    'atm near SW1A 1AA',
    'nearest atm to 221B Baker Street',
    'M1',
    'at 5pm',
    'around 5 pm',
    'more than 3 times',
    'up to 50%',
    'Q3 2025',
    '12.345 GBP',
    '¥1.5',
    'version 1.2.3',
    '',
  ])('no amount in %j', (text) => {
    expect(extractAmount(text)).toBeUndefined();
  });

  test('shiftDecimal works on strings', () => {
    expect(shiftDecimal('1.5', 3)).toBe('1500');
    expect(shiftDecimal('0.0015', 3)).toBe('1.5');
    expect(shiftDecimal('007', 0)).toBe('7');
    expect(shiftDecimal('12.3456', 6)).toBe('12345600');
    expect(shiftDecimal('99999999999999999.99', 3)).toBe('99999999999999999990');
  });
});
