import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { connectorTestCommand } from '../../src/cli/connector';
import type { ConformanceReport } from '../../src/connectors/conformance';

const run = promisify(execFile);

async function capture(spec: string, json = false): Promise<{ out: string; error?: { code?: string } }> {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await connectorTestCommand(spec, { json }, stream);
    return { out };
  } catch (error) {
    return { out, error: error as { code?: string } };
  }
}

describe('teller connector test <module>', () => {
  it('passes the built-in Plaid module and prints one line per check', async () => {
    const { out, error } = await capture('plaid');
    expect(error).toBeUndefined();
    expect(out).toMatch(/✓ money: transactions are positive normalised amounts/);
    expect(out).toMatch(/plaid: 16 passed, 0 failed, 0 skipped/);
  });

  it('loads a module by path and fails it, naming each broken rule (TELLER_ERR_CONNECTOR_CONFORMANCE)', async () => {
    const { out, error } = await capture('test/connectors/fixtures/sloppy-connector.ts', true);
    expect(error?.code).toBe('TELLER_ERR_CONNECTOR_CONFORMANCE');
    const report = JSON.parse(out) as ConformanceReport;
    const failed = report.results.filter((r) => r.status === 'fail').map((r) => r.name);
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^money: transactions are positive/),
        expect.stringMatching(/^dates: from and to are inclusive/),
      ]),
    );
  });

  it('refuses a path that is not a connector module', async () => {
    const { error } = await capture('test/connectors/fixtures/does-not-exist.ts');
    expect(error?.code).toBe('TELLER_ERR_CONNECTOR_CONFORMANCE');
  });

  it('runs as the real `teller` binary: exit 0 for the Open Banking module', async () => {
    const { stdout } = await run(process.execPath, ['bin/teller.js', 'connector', 'test', 'openbanking'], {
      timeout: 90_000,
    });
    expect(stdout).toMatch(/openbanking: 16 passed, 0 failed, 0 skipped/);
  }, 120_000);
});
