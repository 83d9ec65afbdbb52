import fc from 'fast-check';
import { parseWebhook } from '../../src/channels/messenger/parse';
import {
  CARD_NUMBER_WARNING,
  CARD_REDACTION,
  luhnValid,
  onlyRedactions,
  redactCardNumbers,
  redactInboundCardNumbers,
} from '../../src/privacy/card-numbers';
import { makeTestBot } from '../support/bot';
import { plain } from '../intents/helpers';

/** A Luhn check digit for `body`, computed independently of the code under test. */
function checkDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const digitString = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));

/** Luhn-valid 13–19 digit numbers. */
const cardNumber = digitString(12, 18).map((body) => body + checkDigit(body));

/** The number as people type it: straight, in groups of 4, or in random groups, with spaces or dashes. */
const formatted = fc
  .tuple(
    cardNumber,
    fc.constantFrom(' ', '-', ' - ', '\u00a0', ''),
    fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
    fc.boolean(),
  )
  .map(([digits, sep, sizes, fours]) => {
    if (sep === '') return { digits, text: digits };
    const groups: string[] = [];
    let i = 0;
    let k = 0;
    while (i < digits.length) {
      const size = fours ? 4 : sizes[k++ % sizes.length]!;
      groups.push(digits.slice(i, i + size));
      i += size;
    }
    return { digits, text: groups.join(sep) };
  });

const words = fc.constantFrom('', 'my card is ', 'card: ', 'it was charged twice ', 'number ');
const tails = fc.constantFrom('', ' please help', '. thanks', ' exp 12/27', '!');

describe('card numbers: detector properties', () => {
  it('the test generator makes Luhn-valid numbers', () => {
    fc.assert(fc.property(cardNumber, (n) => luhnValid(n) && n.length >= 13 && n.length <= 19));
  });

  it('always redacts a Luhn-valid 13–19 digit number, however it is spaced, wherever it sits', () => {
    fc.assert(
      fc.property(words, formatted, tails, (before, card, after) => {
        const r = redactCardNumbers(before + card.text + after);
        expect(r.count).toBe(1);
        expect(r.text).toBe(before + CARD_REDACTION + after);
        // No run of the number's digits survives.
        expect(r.text.replace(/\D/g, '')).not.toContain(card.digits.slice(0, 8));
      }),
      { numRuns: 500 },
    );
  });

  it('redacts a card number followed by an expiry year or a short group', () => {
    fc.assert(
      fc.property(cardNumber, fc.constantFrom('2027', '12', '123'), (digits, extra) => {
        const text = `${digits.replace(/(\d{4})(?=\d)/g, '$1 ')} ${extra}`;
        const r = redactCardNumbers(text);
        expect(r.count).toBe(1);
        expect(r.text).not.toContain(
          digits
            .slice(0, 12)
            .replace(/(\d{4})/g, '$1 ')
            .trim(),
        );
      }),
    );
  });

  it('leaves digit runs that fail Luhn alone', () => {
    const notLuhn = digitString(13, 19).filter((d) => !luhnValid(d));
    fc.assert(
      fc.property(notLuhn, fc.constantFrom(' ', '-', ''), (digits, sep) => {
        // Groups of 4 up to 16 digits: no shorter span of whole groups reaches 13 digits.
        const typed = digits.length <= 16 ? digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : digits;
        const text = `ref ${typed} ok`;
        expect(redactCardNumbers(text)).toEqual({ text, count: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves dates, times, amounts, sort codes and phone numbers alone', () => {
    const date = fc
      .date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })
      .map((d) => [
        d.toISOString().slice(0, 10),
        d.toISOString().slice(0, 16).replace('T', ' '),
        d.toUTCString(),
      ]);
    const amount = fc
      .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }))
      .map(([u, c]) => [`£${u.toLocaleString('en-GB')}.${String(c).padStart(2, '0')}`, `${u}.${c}`, `$${u}`]);
    // Real numbers: UK +44 and 10 digits, US +1 and 10 digits (at most 12 digits in all).
    const phone = fc
      .tuple(digitString(4, 4), digitString(3, 3), digitString(3, 3))
      .map(([a, b, c]) => [
        `+44 ${a} ${b}${c}`,
        `+44 (0)${a} ${b} ${c}`,
        `+1 (${b}) ${c}-${a}`,
        `0${a} ${b} ${c}`,
      ]);
    const sortCode = digitString(6, 6).map((d) => [`${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4)}`]);
    fc.assert(
      fc.property(fc.oneof(date, amount, phone, sortCode), (samples) => {
        for (const s of samples) {
          const text = `on ${s} please`;
          expect(redactCardNumbers(text)).toEqual({ text, count: 0 });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('knows the classic test numbers and counts several', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    const r = redactCardNumbers('4111 1111 1111 1111 and 5555-5555-5555-4444, not 1234 5678 9012 3456');
    expect(r).toEqual({
      text: `${CARD_REDACTION} and ${CARD_REDACTION}, not 1234 5678 9012 3456`,
      count: 2,
    });
    expect(onlyRedactions(` ${CARD_REDACTION}.`)).toBe(true);
    expect(onlyRedactions(`My card number is ${CARD_REDACTION}, thanks`)).toBe(true);
    expect(onlyRedactions(`${CARD_REDACTION} was charged twice`)).toBe(false);
  });
});

describe('card numbers: Messenger ingress', () => {
  it('cuts them out of message text, button titles and standby text; ids stay as they were', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: '4111111111111111',
          messaging: [
            {
              sender: { id: '4111111111111111' },
              timestamp: 1,
              message: { mid: 'm1', text: 'card 4111 1111 1111 1111' },
            },
            {
              sender: { id: 'u2' },
              timestamp: 2,
              postback: { payload: 'p', title: '5555555555554444', mid: 'm2' },
            },
          ],
          standby: [
            {
              sender: { id: 'u3' },
              timestamp: 3,
              message: { mid: 'm3', text: 'mine is 5555-5555-5555-4444' },
            },
          ],
        },
      ],
    };
    const events = redactInboundCardNumbers(parseWebhook(body));
    const json = JSON.stringify(events);
    expect(json).not.toMatch(/1111 1111|5555-5555|5555555555554444/);
    expect(json).toContain('"userId":"4111111111111111"');
    expect(json).toContain('"pageId":"4111111111111111"');
    expect(json.split(CARD_REDACTION)).toHaveLength(4);
  });
});

describe('card numbers: in the conversation', () => {
  it('warns once, calmly, and still answers the rest of the message', async () => {
    const t = await makeTestBot();
    const u = t.user('card-typer');
    expect(plain(await u.say('4111 1111 1111 1111'))).toBe(CARD_NUMBER_WARNING);
    expect(plain(await u.say('my card number is 4111111111111111'))).toBe(CARD_NUMBER_WARNING);
    const mixed = await u.say('where is the nearest atm? my card is 4111-1111-1111-1111');
    expect(plain(mixed.slice(0, 1))).toBe(CARD_NUMBER_WARNING);
    expect(mixed.length).toBeGreaterThan(1);
    expect(u.transcript()).not.toMatch(/1111/);
    // An already-redacted message (Messenger ingress) gets the same warning.
    expect(plain(await u.say(`${CARD_REDACTION} help`)).startsWith(CARD_NUMBER_WARNING)).toBe(true);
    await t.close();
  });
});
