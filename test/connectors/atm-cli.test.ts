import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Redis from 'ioredis';
import { atmImportCommand, type AtmImportSummary } from '../../src/cli/atm';
import { RedisGeoAtmDirectory } from '../../src/connectors/atm/redis-geo';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures', 'atm');
const KINGS_CROSS = { lat: 51.5308, lon: -0.1238, radiusMeters: 3000, limit: 50 };

let redis: Redis;
const prefix = uniquePrefix('atm-cli');

beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.del(`${prefix}{atm}:geo`, `${prefix}{atm}:info`);
  await redis.quit();
});

/** Runs the real `teller` binary, as `npx teller atm import …` would. */
function teller(
  args: string[],
  env: NodeJS.ProcessEnv = { REDIS_URL: testRedisUrl() },
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'teller.js'), ...args],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: { ...process.env, REDIS_URL: '', REDIS_SENTINELS: '', REDIS_CLUSTER_NODES: '', ...env },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    );
  });
}

async function importFile(name: string, ...flags: string[]): Promise<AtmImportSummary> {
  const { code, out, err } = await teller([
    'atm',
    'import',
    join(FIXTURES, name),
    '--prefix',
    prefix,
    ...flags,
  ]);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  return JSON.parse(out) as AtmImportSummary;
}

const ids = async () =>
  (await new RedisGeoAtmDirectory(redis, { prefix }).search(KINGS_CROSS)).map((r) => r.atm.id).sort();

describe('npx teller atm import <file>', () => {
  it('loads OSM GeoJSON into the Redis GEO directory and prints a JSON summary', async () => {
    const summary = await importFile('kings-cross.geojson', '--timezone', 'Europe/London');
    expect(summary).toEqual({
      file: join(FIXTURES, 'kings-cross.geojson'),
      format: 'osm',
      imported: 4,
      skipped: { total: 3, reasons: { 'not an ATM': 1, 'no coordinates': 1, 'invalid record': 1 } },
      byOperator: { Barclays: 1, Cashzone: 1, NatWest: 1, 'Unknown operator': 1 },
      replaced: false,
      directorySize: 4,
    });
    const dir = new RedisGeoAtmDirectory(redis, { prefix });
    const free = await dir.search({ ...KINGS_CROSS, feeFree: true });
    expect(free.map((r) => r.atm.id)).toEqual(['osm:node/4410021001']);
    expect(free[0]!.atm.timezone).toBe('Europe/London');
    const step = await dir.search({ ...KINGS_CROSS, wheelchair: true });
    expect(step.map((r) => r.atm.id)).toEqual(['osm:node/4410021001']);
  });

  it('is idempotent, and Overpass JSON of the same ATMs replaces them by id', async () => {
    const again = await importFile('kings-cross.geojson');
    expect(again.directorySize).toBe(4);
    const overpass = await importFile('kings-cross-overpass.json');
    expect(overpass).toMatchObject({ format: 'overpass', imported: 4, replaced: false });
    expect(overpass.skipped.total).toBe(6);
    // Two ids were already there (node/4410021001, way/310000777): 4 + 2 new = 6.
    expect(overpass.directorySize).toBe(6);
    expect(await ids()).toEqual([
      'osm:node/4410021001',
      'osm:node/4410021002',
      'osm:node/4410021004',
      'osm:node/4410021005',
      'osm:node/4410021006',
      'osm:way/310000777',
    ]);
    // The Overpass copy of the NatWest ATM has no address: it replaced the GeoJSON one.
    const [natwest] = await redis.hmget(`${prefix}{atm}:info`, 'osm:way/310000777');
    expect(JSON.parse(natwest!)).toMatchObject({ address: '', deposits: true });
  });

  it('--replace swaps the whole directory for an Open Banking v2.3 file (format forced with --format ob)', async () => {
    const summary = await importFile('open-banking-atms.json', '--replace', '--format', 'ob');
    expect(summary).toMatchObject({
      format: 'ob',
      imported: 3,
      skipped: { total: 2, reasons: { 'no coordinates': 1, 'invalid record': 1 } },
      byOperator: { 'Northbridge Bank': 2, 'Harbour Savings': 1 },
      replaced: true,
      directorySize: 3,
    });
    expect(await ids()).toEqual([
      'ob:harbour-savings:HS-0042',
      'ob:northbridge-bank:NB100231',
      'ob:northbridge-bank:NB100232',
    ]);
  });

  it('fails with a message and exit 1 on a missing file, a wrong --format, or no Redis', async () => {
    const missing = await teller(['atm', 'import', join(FIXTURES, 'nope.json'), '--prefix', prefix]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Cannot read ATM file .*nope\.json: no such file/);
    const wrong = await teller([
      'atm',
      'import',
      join(FIXTURES, 'open-banking-atms.json'),
      '--format',
      'overpass',
      '--prefix',
      prefix,
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/Not Overpass JSON/);
    const noRedis = await teller(['atm', 'import', join(FIXTURES, 'kings-cross.geojson')], {});
    expect(noRedis.code).toBe(1);
    expect(noRedis.err).toMatch(/needs Redis: set REDIS_URL/);
    // Nothing above touched the directory.
    expect(await ids()).toHaveLength(3);
  });

  it('reports stable error codes to callers', async () => {
    const run = (file: string, o = {}, env: NodeJS.ProcessEnv = { REDIS_URL: testRedisUrl() }) =>
      atmImportCommand(join(FIXTURES, file), { prefix, ...o }, new PassThrough(), env);
    await expect(run('nope.json')).rejects.toMatchObject({ code: 'TELLER_ERR_ATM_IMPORT_FILE' });
    await expect(run('open-banking-atms.json', { format: 'osm' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ATM_IMPORT_FORMAT',
    });
    await expect(run('kings-cross.geojson', { timezone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'TELLER_ERR_CONFIG',
    });
    await expect(run('kings-cross.geojson', {}, {})).rejects.toMatchObject({ code: 'TELLER_ERR_CONFIG' });
    expect(await ids()).toHaveLength(3);
  });
});
