import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import {
  parseVaultKeys,
  Secret,
  TokenVault,
  vaultFromEnv,
  VaultError,
  VAULT_KEYS_SETTING,
} from '../../src/vault';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const alice = { user: { channel: 'messenger', userId: 'alice' }, connector: 'sandbox', purpose: 'access' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as VaultError).code;
  }
  return undefined;
}

describe('TokenVault', () => {
  const vault = new TokenVault(parseVaultKeys(`v1:${k1}`));

  it('round-trips and uses the tv1 envelope with a fresh IV each time', () => {
    const a = vault.encrypt('access-token-123', alice);
    const b = vault.encrypt('access-token-123', alice);
    expect(a).toMatch(/^tv1\.v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
    const opened = vault.decrypt(a, alice);
    expect(opened.plaintext.reveal()).toBe('access-token-123');
    expect(opened.needsReencrypt).toBe(false);
    expect(a).not.toContain('access-token-123');
  });

  it('fails with a stable code when any envelope part is tampered with', () => {
    const env = vault.encrypt('secret-token', alice);
    const parts = env.split('.');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      const flipped = p.length > 0 ? (p[0] === 'A' ? 'B' : 'A') + p.slice(1) : 'A';
      const tampered = [...parts.slice(0, i), flipped, ...parts.slice(i + 1)].join('.');
      expect(codeOf(() => vault.decrypt(tampered, alice))).toBe('TELLER_ERR_VAULT_DECRYPT');
    }
    // Every single character replaced, one at a time.
    for (let i = 0; i < env.length; i++) {
      const c = env[i] === 'A' ? 'B' : 'A';
      const tampered = env.slice(0, i) + c + env.slice(i + 1);
      expect(codeOf(() => vault.decrypt(tampered, alice))).toBe('TELLER_ERR_VAULT_DECRYPT');
    }
    // Truncated, extended, extra parts, garbage.
    for (const bad of [env.slice(0, -1), env + 'A', env + '.x', 'nonsense', '', parts.slice(0, 4).join('.')])
      expect(codeOf(() => vault.decrypt(bad, alice))).toBe('TELLER_ERR_VAULT_DECRYPT');
    expect(codeOf(() => vault.decrypt(123 as unknown as string, alice))).toBe('TELLER_ERR_VAULT_DECRYPT');
  });

  it('refuses a ciphertext moved to another user, connector or purpose', () => {
    const env = vault.encrypt('secret-token', alice);
    const moved = [
      { ...alice, user: { channel: 'messenger', userId: 'bob' } },
      { ...alice, user: { channel: 'terminal', userId: 'alice' } },
      { ...alice, connector: 'other-bank' },
      { ...alice, purpose: 'refresh' },
      { ...alice, user: 'messenger:alice:x' },
    ];
    for (const b of moved) expect(codeOf(() => vault.decrypt(env, b))).toBe('TELLER_ERR_VAULT_DECRYPT');
    // A LinkUser and its userKey string are the same binding.
    expect(vault.decrypt(env, { ...alice, user: 'messenger:alice' }).plaintext.reveal()).toBe('secret-token');
  });

  it('refuses an envelope relabelled with another known key version', () => {
    const both = new TokenVault(parseVaultKeys(`v2:${k2},v1:${k1}`));
    const v2 = both.encrypt('secret-token', alice);
    // Same key under two labels: only the AAD stops the relabel.
    const sameKey = new TokenVault(parseVaultKeys(`v2:${k1},v1:${k1}`));
    const sealed = sameKey.encrypt('secret-token', alice);
    expect(codeOf(() => sameKey.decrypt(sealed.replace(/^tv1\.v2\./, 'tv1.v1.'), alice))).toBe(
      'TELLER_ERR_VAULT_DECRYPT',
    );
    expect(codeOf(() => both.decrypt(v2.replace(/^tv1\.v2\./, 'tv1.v1.'), alice))).toBe(
      'TELLER_ERR_VAULT_DECRYPT',
    );
    expect(codeOf(() => both.decrypt(v2.replace(/^tv1\.v2\./, 'tv1.v9.'), alice))).toBe(
      'TELLER_ERR_VAULT_DECRYPT',
    );
  });

  it('opens old-key envelopes after rotation and flags them for re-encryption', () => {
    const old = new TokenVault(parseVaultKeys(`v1:${k1}`)).encrypt('tok', alice);
    const rotated = new TokenVault(parseVaultKeys(`v2:${k2},v1:${k1}`));
    const opened = rotated.decrypt(old, alice);
    expect(opened.plaintext.reveal()).toBe('tok');
    expect(opened.needsReencrypt).toBe(true);
    const again = rotated.rotate(old, alice);
    expect(again.changed).toBe(true);
    expect(again.envelope.startsWith('tv1.v2.')).toBe(true);
    const onlyV2 = new TokenVault(parseVaultKeys(`v2:${k2}`));
    expect(onlyV2.decrypt(again.envelope, alice)).toMatchObject({ needsReencrypt: false });
    expect(codeOf(() => onlyV2.decrypt(old, alice))).toBe('TELLER_ERR_VAULT_DECRYPT');
  });

  it('round-trips arbitrary unicode strings (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ minLength: 1 }),
        (text, conn) => {
          const b = { user: 'messenger:p', connector: conn };
          expect(vault.decrypt(vault.encrypt(text, b), b).plaintext.reveal()).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never prints its keys', () => {
    const secretVault = new TokenVault(parseVaultKeys(`v2:${k2},v1:${k1}`));
    const printed = [
      JSON.stringify(secretVault),
      inspect(secretVault, { showHidden: true, depth: 9 }),
      `${String(secretVault)}`,
    ];
    for (const text of printed) {
      expect(text).not.toContain(k1);
      expect(text).not.toContain(k2);
      expect(text).not.toContain(Buffer.from(k1, 'base64').toString('hex'));
    }
    expect(JSON.stringify(secretVault)).toContain('v2');
  });
});

describe('Secret', () => {
  it('never appears in JSON, inspect or template strings', () => {
    const s = new Secret('hunter2-token');
    const texts = [
      JSON.stringify(s),
      JSON.stringify({ token: s, nested: [s] }),
      inspect(s),
      inspect({ token: s }, { showHidden: true, depth: 5 }),
      `${s}`,
      String(s),
      'x' + s,
    ];
    for (const text of texts) {
      expect(text).not.toContain('hunter2');
      expect(text).toContain('[redacted]');
    }
    expect(s.reveal()).toBe('hunter2-token');
    expect(s.equals('hunter2-token')).toBe(true);
    expect(s.equals(new Secret('other'))).toBe(false);
  });

  it('a decrypt result never prints the plaintext', () => {
    const vault = new TokenVault(parseVaultKeys(`v1:${k1}`));
    const opened = vault.decrypt(vault.encrypt('hunter2-token', alice), alice);
    expect(JSON.stringify(opened)).not.toContain('hunter2');
    expect(inspect(opened)).not.toContain('hunter2');
  });
});

describe('parseVaultKeys / vaultFromEnv', () => {
  it('parses versions in order, current first, and accepts base64url', () => {
    const ring = parseVaultKeys(` v2:${k2} , v1:${Buffer.from(k1, 'base64').toString('base64url')}`);
    expect(ring.current).toBe('v2');
    expect([...ring.keys.keys()]).toEqual(['v2', 'v1']);
    expect(ring.keys.get('v1')?.equals(Buffer.from(k1, 'base64'))).toBe(true);
  });

  it('rejects bad values naming the setting and never the key material', () => {
    const short = randomBytes(16).toString('base64');
    const cases = [
      '',
      'v1',
      `:${k1}`,
      `v1:${short}`,
      `v1:${k1},v1:${k2}`,
      `v.1:${k1}`,
      `v1:not base64!`,
      `v1:${k1},`,
    ];
    for (const value of cases) {
      let err: unknown;
      try {
        parseVaultKeys(value);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(VaultError);
      const e = err as VaultError;
      expect(e.code).toBe('TELLER_ERR_VAULT_KEYS');
      expect(e.message).toContain(VAULT_KEYS_SETTING);
      expect(e.message).not.toContain(short);
      expect(e.message).not.toContain(k1);
      expect(e.message).not.toContain(k2);
    }
  });

  it('refuses to build in production without a key', () => {
    for (const env of [{}, { TELLER_VAULT_KEYS: '' }, { TELLER_VAULT_KEYS: '  ' }]) {
      expect(() => vaultFromEnv(env, { production: true })).toThrow(/TELLER_VAULT_KEYS/);
      expect(codeOf(() => vaultFromEnv(env, { production: true }))).toBe('TELLER_ERR_VAULT_KEYS');
    }
  });

  it('builds from the env, and in development generates an ephemeral key with a warning', () => {
    const warn = jest.fn();
    const prod = vaultFromEnv({ TELLER_VAULT_KEYS: `v3:${k1}` }, { production: true, warn });
    expect(prod.currentVersion).toBe('v3');
    expect(warn).not.toHaveBeenCalled();
    const dev = vaultFromEnv({}, { production: false, warn });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('TELLER_VAULT_KEYS'));
    expect(dev.decrypt(dev.encrypt('t', alice), alice).plaintext.reveal()).toBe('t');
    expect(codeOf(() => prod.decrypt(dev.encrypt('t', alice), alice))).toBe('TELLER_ERR_VAULT_DECRYPT');
  });
});
