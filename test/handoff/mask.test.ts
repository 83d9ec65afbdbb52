import fc from 'fast-check';
import { AMOUNT_HIDDEN, CARD_REDACTED, conversationLabel, maskText } from '../../src/handoff/mask';

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
const words = fc.constantFrom('my', 'card', 'is', 'number', 'paid', 'to', 'account', 'please', 'help', '');

describe('what staff see (maskText)', () => {
  it('never lets a card number through, however it is grouped', () => {
    fc.assert(
      fc.property(digits(13, 19), fc.constantFrom('', ' ', '-'), words, words, (pan, sep, before, after) => {
        const grouped = pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
        const out = maskText(`${before} ${grouped} ${after}`);
        expect(out).toContain(CARD_REDACTED);
        expect(out.replace(/\D/g, '')).not.toContain(pan.slice(0, 8));
      }),
      { numRuns: 500 },
    );
  });

  it('cuts account numbers to their last 4 digits', () => {
    fc.assert(
      fc.property(digits(6, 12), words, (account, word) => {
        const out = maskText(`${word} account ${account} ${word}`);
        expect(out).toContain(`••${account.slice(-4)}`);
        expect(out).not.toContain(account);
      }),
      { numRuns: 500 },
    );
  });

  it('hides amounts in the private mode and keeps them otherwise', () => {
    const text = 'You spent £1,234.56 and $3.50, plus 20.00 EUR; balance -£12.00';
    expect(maskText(text)).toBe(
      `You spent £${AMOUNT_HIDDEN} and $${AMOUNT_HIDDEN}, plus ${AMOUNT_HIDDEN} EUR; balance -£${AMOUNT_HIDDEN}`,
    );
    expect(maskText(text, { amounts: false })).toBe(text);
  });

  it('leaves dates, times and short numbers alone', () => {
    const text = 'On 2026-03-18 at 12:30 I took out 40 at ATM 3';
    expect(maskText(text, { amounts: false })).toBe(text);
  });

  it('shows only where a link points: tokens in paths and queries stay hidden', () => {
    expect(maskText('Open https://teller.test/secure/AbC123?t=xyz to see it', { amounts: false })).toBe(
      'Open https://teller.test/… to see it',
    );
    expect(maskText('see https://bank.example', { amounts: false })).toBe('see https://bank.example');
  });

  it('labels conversations without showing the customer id', () => {
    expect(conversationLabel('messenger:1234567890')).toBe('messenger ••7890');
  });
});
