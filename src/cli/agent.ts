import { HandoffError } from '../handoff/errors';
import { hashPassword } from '../server/agent/password';

export interface HashPasswordOptions {
  /** With an id (and name), prints a ready TELLER_AGENTS entry instead of the bare hash. */
  id?: string;
  name?: string;
  /** For tests: where the password comes from and where output goes. */
  input?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  write?: (text: string) => void;
  prompt?: (text: string) => void;
}

/**
 * `teller agent hash-password`: reads a password (typed without echo on a terminal, or piped on
 * stdin) and prints `scrypt$N$r$p$salt$hash` for TELLER_AGENTS. The password is never printed.
 */
export async function hashPasswordCommand(o: HashPasswordOptions = {}): Promise<void> {
  const input = o.input ?? process.stdin;
  const write = o.write ?? ((t: string) => void process.stdout.write(t));
  const prompt = o.prompt ?? ((t: string) => void process.stderr.write(t));
  let password: string;
  if (input.isTTY && input.setRawMode) {
    password = await readHidden(input, prompt, 'Password: ');
    const again = await readHidden(input, prompt, 'Again: ');
    if (again !== password) throw new HandoffError('TELLER_ERR_AGENT_CONFIG', 'The two passwords differ');
  } else {
    password = (await readAll(input)).replace(/\r?\n$/, '');
  }
  if (password.length < 12)
    throw new HandoffError('TELLER_ERR_AGENT_CONFIG', 'Use a password of at least 12 characters');
  const hash = await hashPassword(password);
  if (o.id) write(JSON.stringify({ id: o.id, name: o.name ?? o.id, password: hash }) + '\n');
  else write(hash + '\n');
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function readHidden(
  input: NodeJS.ReadableStream & { setRawMode?: (raw: boolean) => unknown },
  prompt: (t: string) => void,
  label: string,
): Promise<string> {
  prompt(label);
  input.setRawMode?.(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      input.setRawMode?.(false);
      input.pause();
      input.off('data', onData);
      prompt('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new HandoffError('TELLER_ERR_AGENT_CONFIG', 'Cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
