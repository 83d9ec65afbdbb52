import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const proc = (globalThis as { __tellerRedis?: ChildProcess }).__tellerRedis;
  if (proc && proc.exitCode === null) {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
}
