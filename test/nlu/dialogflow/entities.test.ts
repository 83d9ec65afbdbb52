import fc from 'fast-check';
import { fromMinor } from '../../../src/money';
import { dialogflowEntities, numberToDecimal, toMoney } from '../../../src/nlu/dialogflow';
import { jsonToStruct, structToJson, valueToJson } from '../../../src/nlu/dialogflow/struct';

describe('numberToDecimal / toMoney: never float arithmetic', () => {
  it.each([
    [12.5, '12.5'],
    [0.1, '0.1'],
    [-3.05, '-3.05'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-0, '0'],
    [100, '100'],
  ])('%s → %s', (n, s) => expect(numberToDecimal(n)).toBe(s));

  it('rejects NaN and infinities', () => {
    expect(numberToDecimal(NaN)).toBeUndefined();
    expect(numberToDecimal(Infinity)).toBeUndefined();
  });

  it('uses the currency exponent and rounds float noise half away from zero', () => {
    expect(toMoney(12.5, 'gbp')).toEqual({ amount: '12.50', currency: 'GBP' });
    expect(toMoney(0.1 + 0.2, 'GBP')).toEqual({ amount: '0.30', currency: 'GBP' });
    expect(toMoney(1234.5, 'JPY')).toEqual({ amount: '1235', currency: 'JPY' });
    expect(toMoney(-2.345, 'GBP')).toEqual({ amount: '-2.35', currency: 'GBP' });
    expect(toMoney(1.2345, 'BHD')).toEqual({ amount: '1.235', currency: 'BHD' });
    expect(toMoney('1,250.00', 'USD')).toEqual({ amount: '1250.00', currency: 'USD' });
    expect(toMoney(5, 'NOTACURRENCY')).toBeUndefined();
    expect(toMoney(1e30, 'GBP')).toBeUndefined();
  });

  it('any amount in pence that Dialogflow sends as a number comes back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (minor) => {
        expect(toMoney(minor / 100, 'GBP')).toEqual(fromMinor(minor, 'GBP'));
      }),
    );
  });
});

describe('Struct ↔ JSON', () => {
  it('round-trips any JSON object (without "__proto__" keys, which structToJson drops on purpose)', () => {
    const key = fc.string().filter((k) => k !== '__proto__');
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
        fc.string(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 5 }), (obj) => {
        expect(structToJson(jsonToStruct(obj as never))).toEqual(obj);
      }),
    );
  });

  it('follows `kind` when the client sets it, and survives junk', () => {
    expect(valueToJson({ kind: 'numberValue', numberValue: 0, stringValue: '' })).toBe(0);
    expect(valueToJson({ kind: 'nullValue', nullValue: 0 })).toBeNull();
    expect(valueToJson(undefined)).toBeNull();
    expect(structToJson({ fields: null })).toEqual({});
  });
});

describe('dialogflowEntities', () => {
  it('accepts camelCase, snake_case and kebab-case names', () => {
    expect(dialogflowEntities({ accountType: 'credit card' }).accountType).toBe('credit_card');
    expect(dialogflowEntities({ account_type: 'current account' }).accountType).toBe('checking');
    expect(dialogflowEntities({ 'account-type': 'credit_card' }).accountType).toBe('credit_card');
  });

  it('ignores empty and unusable values', () => {
    expect(
      dialogflowEntities({
        'account-type': '',
        category: 'not a category',
        number: 2.5,
        'date-period': {},
        'unit-currency': { amount: 5 },
        'geo-city': [],
      }),
    ).toEqual({});
  });

  it('reads date strings, single dates, ranges given backwards, and the original words', () => {
    expect(dialogflowEntities({ 'date-period': '2026-03-01/2026-03-31' }).dateRange).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      text: '',
    });
    expect(
      dialogflowEntities({ date: '2026-03-17T12:00:00+00:00', 'date.original': 'yesterday' }).dateRange,
    ).toEqual({ from: '2026-03-17', to: '2026-03-17', text: 'yesterday' });
    expect(
      dialogflowEntities({
        'date-time': { startDateTime: '2026-03-10T00:00:00Z', endDateTime: '2026-03-01T00:00:00Z' },
      }).dateRange,
    ).toMatchObject({ from: '2026-03-01', to: '2026-03-10' });
  });

  it('takes a bare amount only with a currency, and places from strings or location structs', () => {
    expect(dialogflowEntities({ amount: 20 }).amount).toBeUndefined();
    expect(dialogflowEntities({ amount: 20 }, { currency: 'EUR' }).amount).toEqual({
      amount: '20.00',
      currency: 'EUR',
    });
    expect(dialogflowEntities({ 'geo-city': 'Leeds' }).place).toBe('Leeds');
    expect(dialogflowEntities({ address: 'x'.repeat(300) }).place).toHaveLength(100);
    expect(dialogflowEntities({ count: '3' }).count).toBe(3);
  });
});
