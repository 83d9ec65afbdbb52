import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  appSecretProof,
  safeEqual,
  signBody,
  verifySignature,
} from '../../../src/channels/messenger/signature';

const SECRET = 'app-secret';

describe('verifySignature', () => {
  it('accepts Meta’s header for the exact raw body', () => {
    const body = Buffer.from('{"object":"page","entry":[]}');
    const hex = createHmac('sha256', SECRET).update(body).digest('hex');
    expect(verifySignature(body, `sha256=${hex}`, SECRET)).toBe('ok');
    expect(verifySignature(body, `sha256=${hex.toUpperCase()}`, SECRET)).toBe('ok');
  });

  it('distinguishes a missing header from a wrong one', () => {
    const body = Buffer.from('{}');
    expect(verifySignature(body, undefined, SECRET)).toBe('missing');
    expect(verifySignature(body, '', SECRET)).toBe('missing');
    expect(verifySignature(body, 'sha1=abc', SECRET)).toBe('invalid');
    expect(verifySignature(body, ['a', 'b'], SECRET)).toBe('invalid');
    expect(verifySignature(body, signBody('{ }', SECRET), SECRET)).toBe('invalid');
    expect(verifySignature(body, signBody(body, 'other-secret'), SECRET)).toBe('invalid');
  });

  it('property: a valid signature always passes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.string({ minLength: 1 }), (bytes, secret) => {
        const body = Buffer.from(bytes);
        return verifySignature(body, signBody(body, secret), secret) === 'ok';
      }),
    );
  });

  it('property: any change to the body fails', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, pos, flip) => {
          const body = Buffer.from(bytes);
          const header = signBody(body, SECRET);
          const mutated = Buffer.from(body);
          const i = pos % mutated.length;
          mutated[i] = mutated[i]! ^ flip;
          return verifySignature(mutated, header, SECRET) === 'invalid';
        },
      ),
    );
  });

  it('property: truncating or extending the body fails', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.uint8Array({ minLength: 1 }),
        (a, b) => {
          const body = Buffer.from(a);
          const header = signBody(body, SECRET);
          return (
            verifySignature(body.subarray(0, body.length - 1), header, SECRET) === 'invalid' &&
            verifySignature(Buffer.concat([body, Buffer.from(b)]), header, SECRET) === 'invalid'
          );
        },
      ),
    );
  });

  it('property: any change to the signature fails', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.nat(),
        fc.constantFrom(...'0123456789abcdef'),
        (bytes, pos, ch) => {
          const body = Buffer.from(bytes);
          const header = signBody(body, SECRET);
          const i = 7 + (pos % 64);
          fc.pre(header[i] !== ch);
          const mutated = header.slice(0, i) + ch + header.slice(i + 1);
          return verifySignature(body, mutated, SECRET) === 'invalid';
        },
      ),
    );
  });

  it('property: never throws on arbitrary header strings, and rejects them', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 64 }), (header, bytes) => {
        const r = verifySignature(Buffer.from(bytes), header, SECRET);
        return header === '' ? r === 'missing' : r === 'invalid';
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^sha256=[0-9a-fA-F]{0,70}$/), (header) => {
        const r = verifySignature(Buffer.from('x'), header, SECRET);
        return r === 'invalid' || header.toLowerCase() === signBody('x', SECRET);
      }),
    );
  });
});

describe('safeEqual and appSecretProof', () => {
  it('compares secrets of any length', () => {
    expect(safeEqual('token', 'token')).toBe(true);
    expect(safeEqual('token', 'token2')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => safeEqual(a, b) === (a === b)));
  });

  it('is the HMAC-SHA256 hex of the token under the app secret', () => {
    expect(appSecretProof('tok', 'sec')).toBe(createHmac('sha256', 'sec').update('tok').digest('hex'));
    expect(appSecretProof('tok', 'sec')).toMatch(/^[0-9a-f]{64}$/);
  });
});
