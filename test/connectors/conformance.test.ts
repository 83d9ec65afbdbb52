import { runConformance, type ConformanceReport } from '../../src/connectors/conformance';
import openBanking, { openBankingHarness } from '../../src/connectors/openbanking/conformance';
import plaid from '../../src/connectors/plaid/conformance';
import sandbox from '../../src/connectors/sandbox/conformance';

function failures(report: ConformanceReport): string[] {
  return report.results.filter((r) => r.status === 'fail').map((r) => `${r.name}: ${r.detail}`);
}

describe('conformance kit', () => {
  it('the sandbox connector passes (HTTP fault checks skipped: it has no network)', async () => {
    const report = await runConformance(sandbox);
    expect(failures(report)).toEqual([]);
    const skipped = report.results.filter((r) => r.status === 'skip').map((r) => r.name);
    expect(skipped.every((n) => n.startsWith('errors:') || n.startsWith('resilience:'))).toBe(true);
    expect(report.results.filter((r) => r.status === 'pass').length).toBeGreaterThanOrEqual(11);
  });

  it('the Open Banking connector passes every check against the local Open Banking server', async () => {
    const report = await runConformance(openBanking);
    expect(failures(report)).toEqual([]);
    expect(report.results.filter((r) => r.status === 'skip')).toEqual([]);
  });

  it('the Open Banking connector passes with least-privilege (Basic) permissions and tiny pages', async () => {
    const report = await runConformance(openBankingHarness({ permissions: {}, pageSize: 3 }));
    expect(failures(report)).toEqual([]);
  });

  it('the Plaid connector passes every check against the local Plaid server', async () => {
    const report = await runConformance(plaid);
    expect(failures(report)).toEqual([]);
    expect(report.results.filter((r) => r.status === 'skip')).toEqual([]);
  });
});
