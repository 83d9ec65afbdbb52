import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs `teller chat` as a user would, with piped stdin, and returns what it printed. */
function chat(
  input: string,
  args: string[] = [],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, REDIS_URL: '', TELLER_CACHE_DIR: join(ROOT, '.teller', 'test-cache') };
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'teller.js'), 'chat', ...args], {
      cwd: ROOT,
      env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('npx teller chat (piped)', () => {
  it('greets, offers linking, asks consent in the terminal and ends with a real balance', async () => {
    const { code, out, err } = await chat("hi\nwhat's my balance\nLink account\nyes\n");
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^bot> /);
    expect(out).toMatch(/\[Link account\]/);
    expect(out).toMatch(/Sandbox Bank \(sandbox consent\).*Allow\? \(yes\/no\)/);
    expect(out).toMatch(/You're linked to Sandbox Bank/);
    // The last answer is the balance question that was waiting, with real figures.
    const tail = out.slice(out.lastIndexOf('bot> '));
    expect(tail).toMatch(/Your balances:/);
    expect(tail).toMatch(/[£$][\d,]+\.\d{2}/);
    expect(tail).toMatch(/••\d{4}/);
  }, 60_000);

  it('pressing a quick reply by typing its label, and declining consent stores nothing', async () => {
    const { out } = await chat("what's my balance\nLink account\nno\nwhat's my balance\n", [
      '--user',
      'decliner',
    ]);
    expect(out).toMatch(/nothing was shared/);
    // Still not linked: the balance question asks to link again.
    expect(out.match(/\[Link account\]/g)).toHaveLength(2);
  }, 60_000);
});
