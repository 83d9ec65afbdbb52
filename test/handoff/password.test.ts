import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { hashPasswordCommand } from '../../src/cli/agent';
import { agentsFromEnv, DEV_AGENT } from '../../src/server/agent/agents';
import { hashPassword, isPasswordHash, verifyPassword } from '../../src/server/agent/password';

const cheap = { N: 1024, r: 8, p: 1 };

describe('agent passwords (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash and verifies only the right password', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (pw, other) => {
          const stored = await hashPassword(pw, cheap);
          expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
          expect(isPasswordHash(stored)).toBe(true);
          await expect(verifyPassword(pw, stored)).resolves.toBe(true);
          if (other.normalize('NFKC') !== pw.normalize('NFKC'))
            await expect(verifyPassword(other, stored)).resolves.toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('salts every hash, and refuses malformed or absurd parameters', async () => {
    expect(await hashPassword('same', cheap)).not.toBe(await hashPassword('same', cheap));
    const stored = await hashPassword('pw', cheap);
    for (const bad of [
      '',
      'plain',
      stored.replace('scrypt$1024', 'scrypt$1000'),
      stored.replace('$8$1$', '$8$99$'),
      stored.slice(0, -5),
    ])
      await expect(verifyPassword('pw', bad)).resolves.toBe(false);
  });
});

describe('TELLER_AGENTS', () => {
  it('reads staff from JSON and rejects plain-text passwords', async () => {
    const hash = await hashPassword('pw', cheap);
    const env = { TELLER_AGENTS: JSON.stringify([{ id: 'alice', name: 'Alice', password: hash }]) };
    await expect(agentsFromEnv(env)).resolves.toEqual([{ id: 'alice', name: 'Alice', passwordHash: hash }]);
    await expect(
      agentsFromEnv({ TELLER_AGENTS: '[{"id":"bob","name":"Bob","password":"hunter2"}]' }),
    ).rejects.toMatchObject({
      code: 'TELLER_ERR_AGENT_CONFIG',
    });
  });

  it('has a demo agent in development only', async () => {
    const [demo] = await agentsFromEnv({ NODE_ENV: 'development' });
    expect(demo?.id).toBe(DEV_AGENT.id);
    await expect(verifyPassword(DEV_AGENT.password, demo!.passwordHash)).resolves.toBe(true);
    await expect(agentsFromEnv({ NODE_ENV: 'production' })).rejects.toMatchObject({
      code: 'TELLER_ERR_AGENT_CONFIG',
    });
  });
});

describe('teller agent hash-password', () => {
  it('hashes a piped password and prints a TELLER_AGENTS entry, never the password', async () => {
    const input = new PassThrough();
    input.end('a long enough password\n');
    let out = '';
    await hashPasswordCommand({ id: 'carol', name: 'Carol', input, write: (t) => void (out += t) });
    const entry = JSON.parse(out) as { id: string; name: string; password: string };
    expect(entry).toMatchObject({ id: 'carol', name: 'Carol' });
    expect(out).not.toMatch(/long enough/);
    await expect(verifyPassword('a long enough password', entry.password)).resolves.toBe(true);
  });

  it('refuses short passwords', async () => {
    const input = new PassThrough();
    input.end('short\n');
    await expect(hashPasswordCommand({ input, write: () => undefined })).rejects.toMatchObject({
      code: 'TELLER_ERR_AGENT_CONFIG',
    });
  });
});
