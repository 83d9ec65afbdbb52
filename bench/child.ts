/**
 * The benchmark's side of a server child process (floor or Teller): reports the port, answers CPU
 * probes (so the benchmark can report CPU per turn, which noise on a shared machine barely moves)
 * and closes when told to.
 */
export function serveBenchmark(port: number, close: () => Promise<void>): void {
  process.send!({ type: 'ready', port });
  process.on('disconnect', () => process.exit(0)); // the benchmark went away
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'cpu') process.send!({ type: 'cpu', usage: process.cpuUsage() });
    else if (m.type === 'close') void close().then(() => process.exit(0));
  });
}
