import type { Atm, AtmDirectory, AtmResult, AtmSearch } from '../types';
import { haversineMeters, isValidCoordinate } from './geo';
import { isOpenAt } from './hours';

export const DEFAULT_RADIUS_METERS = 2000;
export const DEFAULT_LIMIT = 5;

/**
 * An ATM directory over an in-memory list: nearest first, within `radiusMeters` (default 2000),
 * at most `limit` results (default 5). `feeFree: true` keeps only ATMs known to be free (fee `null`);
 * `deposits: true` keeps only ATMs known to take deposits, `wheelchair: true` only ATMs known to be
 * wheelchair accessible. `false` for any of them means "don't care".
 * `openAt` drops ATMs whose opening hours say they are closed then (unknown hours are kept).
 */
export class MemoryAtmDirectory implements AtmDirectory {
  private readonly atms: readonly Atm[];

  constructor(atms: readonly Atm[]) {
    this.atms = [...atms];
  }

  async search(query: AtmSearch): Promise<AtmResult[]> {
    if (!isValidCoordinate(query.lat, query.lon)) throw new RangeError('ATM search needs a valid lat/lon');
    const radius = query.radiusMeters ?? DEFAULT_RADIUS_METERS;
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_LIMIT));
    if (!(radius >= 0) || limit === 0) return [];
    const results: AtmResult[] = [];
    for (const atm of this.atms) {
      if (!matchesFilters(atm, query)) continue;
      const distanceMeters = haversineMeters(query.lat, query.lon, atm.lat, atm.lon);
      if (distanceMeters <= radius) results.push({ atm, distanceMeters });
    }
    results.sort((a, b) => a.distanceMeters - b.distanceMeters || (a.atm.id < b.atm.id ? -1 : 1));
    return results.slice(0, limit);
  }
}

export const DEFAULT_TIMEZONE = 'Europe/London';

/** The search's filters (fee-free, deposits, wheelchair, open at a time), shared by every directory. */
export function matchesFilters(atm: Atm, query: AtmSearch): boolean {
  if (query.feeFree && atm.fee !== null) return false;
  if (query.deposits && atm.deposits !== true) return false;
  if (query.wheelchair && atm.wheelchair !== true) return false;
  return !query.openAt || openOrUnknown(atm, query.openAt, query.timezone);
}

/** Whether an ATM is open at `at` — or its hours are unknown or unreadable, which does not exclude it. */
export function openOrUnknown(atm: Atm, at: Date, timezone = DEFAULT_TIMEZONE): boolean {
  if (!atm.openingHours) return true;
  return isOpenAt(atm.openingHours, at, atm.timezone ?? timezone) !== false;
}
