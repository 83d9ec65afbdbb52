/** Query helpers every connector can use: the same date and filter semantics as the sandbox. */
export {
  instantRange,
  matchesQuery,
  merchantMatches,
  newestFirst,
  resolveZone,
  type InstantRange,
} from './sandbox/query';
