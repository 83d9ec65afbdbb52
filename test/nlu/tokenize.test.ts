import fc from 'fast-check';
import { charNgrams, normalizeText, tokenize, wordNgrams } from '../../src/nlu/embedded/tokenize';

describe('tokenize', () => {
  it('lower-cases, strips punctuation and keeps contractions as one token', () => {
    expect(tokenize("What's my BALANCE?!")).toEqual(['whats', 'my', 'balance']);
    expect(tokenize('I don’t know… (really)')).toEqual(['i', 'dont', 'know', 'really']);
    expect(tokenize('whats my balance')).toEqual(tokenize("what's my balance"));
  });

  it('removes accents, normalises compatibility forms and keeps currency symbols', () => {
    expect(tokenize('Café ＡＴＭ')).toEqual(['cafe', 'atm']);
    expect(tokenize('send £50 to Bob')).toEqual(['send', '£', '50', 'to', 'bob']);
  });

  it('keeps non-Latin scripts intact', () => {
    expect(tokenize('Привет мир')).toEqual(['привет', 'мир']);
    expect(tokenize('नमस्ते')).toEqual(['नमस्ते']);
  });

  it('builds word and char_wb n-grams like scikit-learn', () => {
    expect(wordNgrams(['a', 'b', 'c'], 1, 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    expect(charNgrams(['ab'], 2, 5)).toEqual([' a', 'ab', 'b ', ' ab', 'ab ', ' ab ']);
    expect(charNgrams(['a'], 2, 5)).toEqual([' a', 'a ', ' a ']);
  });
});

describe('tokenize (properties)', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
  );

  it('never throws on arbitrary unicode and always returns non-empty, space-free tokens', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const tokens = tokenize(s);
        for (const t of tokens) {
          expect(t.length).toBeGreaterThan(0);
          expect(t).not.toMatch(/\s/);
        }
        charNgrams(tokens, 2, 5);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and idempotent under normalisation', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(tokenize(s)).toEqual(tokenize(s));
        expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
        expect(tokenize(tokenize(s).join(' '))).toEqual(tokenize(s));
      }),
      { numRuns: 500 },
    );
  });

  it('ignores case and surrounding whitespace', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        expect(tokenize(`  ${s.toUpperCase()}\n`)).toEqual(tokenize(s.toLowerCase()));
      }),
      { numRuns: 300 },
    );
  });
});
