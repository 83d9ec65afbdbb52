import { currencyExponent, fromMinor, type Money } from '../../money';

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
/** Same bound as the embedded extractor: more significant digits than this is not a chat amount. */
const MAX_DIGITS = 18;

/**
 * A JS number as the decimal string it was written as: the shortest string that round-trips
 * (`String(n)`), with exponent notation expanded. 12.5 → "12.5", 1e21 → "1000000000000000000000",
 * 1.5e-7 → "0.00000015". Never does arithmetic on the float.
 */
export function numberToDecimal(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const m = NUMBER.exec(String(n));
  if (!m) return undefined;
  const [, sign = '', int = '0', frac = '', exp = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  out = out.replace(/^0+(?=\d)/, '');
  if (out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '');
  return sign && /[1-9]/.test(out) ? `-${out}` : out;
}

/**
 * Money from a number or decimal string and an ISO currency. Extra decimals beyond the currency's
 * exponent (float noise such as 0.30000000000000004, or "12.345" GBP) are rounded half away from
 * zero on the digits. Unknown currencies and absurd magnitudes give undefined.
 */
export function toMoney(amount: number | string, currency: string): Money | undefined {
  const decimal = typeof amount === 'number' ? numberToDecimal(amount) : amount.trim().replace(/,/g, '');
  const m = decimal === undefined ? null : DECIMAL.exec(decimal);
  if (!m || !/^[A-Za-z]{3}$/.test(currency)) return undefined;
  const [, sign, whole = '0', frac = ''] = m;
  let exp: number;
  try {
    exp = currencyExponent(currency);
  } catch {
    return undefined;
  }
  const int = whole.replace(/^0+(?=\d)/, '');
  if (int.length + exp > MAX_DIGITS) return undefined;
  let minor = BigInt(int + frac.padEnd(exp, '0').slice(0, exp));
  if ((frac[exp] ?? '0') >= '5') minor += 1n;
  return fromMinor(sign ? -minor : minor, currency);
}
