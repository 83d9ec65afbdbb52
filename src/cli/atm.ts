import { IANAZone } from 'luxon';
import { RedisGeoAtmDirectory } from '../connectors/atm/redis-geo';
import { readAtmFile, type AtmFormat, type SkipReason } from '../connectors/atm/import';
import { TellerError } from '../engine/errors';
import { connectRedis, redisTargetFromEnv } from '../redis/connect';

export interface AtmImportOptions {
  /** osm | overpass | ob; detected from the file's shape when absent. */
  format?: AtmFormat;
  /** Replace the whole directory instead of adding to it (ids already there are replaced either way). */
  replace?: boolean;
  /** Key prefix of the directory in Redis (default `teller:`). */
  prefix?: string;
  /** Currency of OSM charges that name none, e.g. GBP. */
  currency?: string;
  /** IANA zone of the imported ATMs' opening hours. */
  timezone?: string;
}

export interface AtmImportSummary {
  file: string;
  format: AtmFormat;
  imported: number;
  skipped: { total: number; reasons: Partial<Record<SkipReason, number>> };
  /** Imported ATMs per operator, most first. */
  byOperator: Record<string, number>;
  replaced: boolean;
  /** ATMs in the directory after the import. */
  directorySize: number;
}

function checkOptions(o: AtmImportOptions): void {
  if (o.timezone && !IANAZone.isValidZone(o.timezone))
    throw new TellerError('TELLER_ERR_CONFIG', `--timezone: "${o.timezone}" is not an IANA time zone`);
  if (o.currency && !Intl.supportedValuesOf('currency').includes(o.currency.toUpperCase()))
    throw new TellerError('TELLER_ERR_CONFIG', `--currency: "${o.currency}" is not an ISO 4217 code`);
}

/**
 * `teller atm import <file>`: reads OSM GeoJSON, Overpass JSON or Open Banking ATM v2.3 JSON and
 * loads it into the Redis GEO ATM directory (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES).
 * Importing the same file twice changes nothing: ATMs are replaced by id. Prints a JSON summary.
 */
export async function atmImportCommand(
  file: string,
  o: AtmImportOptions = {},
  out: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AtmImportSummary> {
  checkOptions(o);
  const target = redisTargetFromEnv(env);
  if (!target)
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      'teller atm import needs Redis: set REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES',
    );
  const parsed = await readAtmFile(file, o.format, { currency: o.currency, timezone: o.timezone });
  if (o.replace && parsed.atms.length === 0)
    throw new TellerError(
      'TELLER_ERR_ATM_IMPORT_FORMAT',
      `${file} holds no ATMs; --replace would empty the directory, so nothing was changed`,
    );
  const client = connectRedis(target);
  try {
    const directory = new RedisGeoAtmDirectory(client, { prefix: o.prefix });
    if (o.replace) await directory.load(parsed.atms);
    else await directory.upsert(parsed.atms);
    const byOperator = new Map<string, number>();
    for (const atm of parsed.atms) byOperator.set(atm.operator, (byOperator.get(atm.operator) ?? 0) + 1);
    const summary: AtmImportSummary = {
      file,
      format: parsed.format,
      imported: parsed.atms.length,
      skipped: {
        total: Object.values(parsed.skipped).reduce((a, b) => a + b, 0),
        reasons: parsed.skipped,
      },
      byOperator: Object.fromEntries(
        [...byOperator].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)),
      ),
      replaced: o.replace === true,
      directorySize: await directory.size(),
    };
    out.write(JSON.stringify(summary, null, 2) + '\n');
    return summary;
  } finally {
    await client.quit().catch(() => client.disconnect());
  }
}
