import { resolve } from 'node:path';
import { runConformance, type CheckResult, type ConnectorModule } from '../connectors/conformance';
import { TellerError } from '../engine/errors';

/** Connector modules shipped with Teller, by short name. */
export const BUILT_IN_MODULES: Record<string, string> = {
  sandbox: '../connectors/sandbox/conformance',
  openbanking: '../connectors/openbanking/conformance',
  plaid: '../connectors/plaid/conformance',
};

export interface ConnectorTestOptions {
  json?: boolean;
}

/** Loads a connector module: a built-in name, or a path (relative to the working directory). */
export function loadConnectorModule(spec: string): ConnectorModule {
  const path = BUILT_IN_MODULES[spec] ?? resolve(process.cwd(), spec);
  let mod: { default?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(path) as { default?: unknown };
  } catch (err) {
    throw new TellerError('TELLER_ERR_CONNECTOR_CONFORMANCE', `Cannot load connector module ${spec}`, {
      cause: err,
    });
  }
  const factory = typeof mod.default === 'function' ? mod.default : mod;
  if (typeof factory !== 'function')
    throw new TellerError(
      'TELLER_ERR_CONNECTOR_CONFORMANCE',
      `${spec} must default-export a function returning { connector, link, faults?, teardown? }`,
    );
  return factory as ConnectorModule;
}

function line(r: CheckResult): string {
  const mark = r.status === 'pass' ? '✓' : r.status === 'skip' ? '-' : '✗';
  const why = r.detail ? ` — ${r.detail}` : '';
  return `${mark} ${r.name} (${r.ms} ms)${r.status === 'pass' ? '' : why}\n`;
}

/** `teller connector test <module>`: runs the conformance kit; fails (exit 1) when any check fails. */
export async function connectorTestCommand(
  spec: string,
  o: ConnectorTestOptions = {},
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const report = await runConformance(loadConnectorModule(spec), {
    onResult: (r) => (o.json ? undefined : out.write(line(r))),
  });
  const count = (s: CheckResult['status']) => report.results.filter((r) => r.status === s).length;
  if (o.json) out.write(JSON.stringify(report) + '\n');
  else
    out.write(
      `\n${report.connector}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped\n`,
    );
  if (!report.passed)
    throw new TellerError('TELLER_ERR_CONNECTOR_CONFORMANCE', `${count('fail')} conformance check(s) failed`);
}
