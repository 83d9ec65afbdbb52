import fc from 'fast-check';
import { emptySession, sessionCodec, type SessionData } from '../../src/engine/session-data';
import type { Entities } from '../../src/nlu/types';
import { MemoryStorage } from '../../src/session/memory';
import { generateVaultKey, parseVaultKeys, SealedStorage, TokenVault } from '../../src/vault';

const entities: fc.Arbitrary<Entities> = fc.record(
  {
    merchant: fc.string({ maxLength: 20 }),
    count: fc.integer({ min: 1, max: 50 }),
    place: fc.string({ maxLength: 20 }),
    accountType: fc.constantFrom('current', 'savings', 'credit_card'),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Entities>;
const params = fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 });
const names = fc.constantFrom('merchant', 'count', 'place', 'accountType') as fc.Arbitrary<keyof Entities>;

const session: fc.Arbitrary<SessionData> = fc.record(
  {
    v: fc.constant(1 as const),
    fallbacks: fc.nat(3),
    data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
    pending: fc.record(
      {
        intent: fc.string({ minLength: 1, maxLength: 20 }),
        entities,
        waitingFor: fc.oneof(
          fc.record({ kind: fc.constant('slot' as const), entity: names }),
          fc.record({ kind: fc.constant('link' as const), connector: fc.string({ maxLength: 10 }) }),
          fc.record({ kind: fc.constant('choice' as const) }),
        ),
        params,
        skipped: fc.array(names, { maxLength: 2 }),
        choices: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
        since: fc.nat(),
      },
      { requiredKeys: ['intent', 'entities', 'waitingFor', 'since'] },
    ),
    last: fc.record(
      {
        intent: fc.string({ minLength: 1, maxLength: 20 }),
        entities,
        params,
        skipped: fc.array(names, { maxLength: 2 }),
        at: fc.nat(),
      },
      { requiredKeys: ['intent', 'entities', 'at'] },
    ),
  },
  { requiredKeys: ['v', 'fallbacks', 'data'] },
);

// jsonValue can produce -0, which JSON turns into 0: compare as JSON would.
const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('the stored session (sessionCodec)', () => {
  it('decodes to exactly what was encoded, and still reads sessions stored in full', () => {
    fc.assert(
      fc.property(session, (s) => {
        const plain = viaJson(s);
        expect(sessionCodec.decode(viaJson(sessionCodec.encode(plain)))).toEqual(plain);
        expect(sessionCodec.decode(viaJson(plain))).toEqual(plain);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves default-valued fields out of the sealed payload, which still opens only under its key', async () => {
    const vault = new TokenVault(parseVaultKeys(generateVaultKey('v1')));
    const typical: SessionData = {
      ...emptySession(),
      last: { intent: 'greeting', entities: {}, params: {}, at: 1_795_418_747_320 },
      pending: {
        intent: 'balance',
        entities: {},
        params: {},
        waitingFor: { kind: 'link', connector: 'sandbox' },
        since: 1_795_418_747_324,
      },
    };
    const encoded = JSON.stringify(sessionCodec.encode(typical));
    expect(encoded).not.toMatch(/fallbacks|"data"|entities/);
    expect(encoded.length).toBeLessThan(JSON.stringify(typical).length * 0.8);

    const inner = new MemoryStorage<string>();
    const compact = new SealedStorage<SessionData>(inner, vault, 'session', true, 0, sessionCodec);
    await compact.write('session:{messenger:1}', typical);
    const full = new MemoryStorage<string>();
    await new SealedStorage<SessionData>(full, vault, 'session').write('session:{messenger:1}', typical);
    const sealed = (await inner.read('session:{messenger:1}'))!;
    expect(sealed.length).toBeLessThan((await full.read('session:{messenger:1}'))!.length);
    expect(await compact.read('session:{messenger:1}')).toEqual(typical);
    // A session sealed before the codec opens the same.
    await inner.write('session:{messenger:2}', (await full.read('session:{messenger:1}'))!);
    await expect(compact.read('session:{messenger:2}')).resolves.toBeUndefined(); // bound to its key
    const before = new SealedStorage<SessionData>(full, vault, 'session', true, 0, sessionCodec);
    expect(await before.read('session:{messenger:1}')).toEqual(typical);
  });
});
