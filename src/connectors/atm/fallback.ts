import type { AtmDirectory, AtmResult, AtmSearch } from '../types';
import type { RedisGeoAtmDirectory } from './redis-geo';

/**
 * The Redis GEO directory once ATMs have been imported into it (`npx teller atm import`), and until
 * then another directory — the connector's own list, or the sandbox's in memory. Checked per search
 * (one ZCARD), so an import takes effect without a restart.
 */
export class FallbackAtmDirectory implements AtmDirectory {
  constructor(
    private readonly primary: Pick<RedisGeoAtmDirectory, 'search' | 'size'>,
    private readonly fallback: AtmDirectory,
  ) {}

  async search(query: AtmSearch): Promise<AtmResult[]> {
    return (await this.primary.size()) > 0 ? this.primary.search(query) : this.fallback.search(query);
  }
}
