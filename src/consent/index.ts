export { ConsentError, type ConsentErrorCode } from './errors';
export {
  ConsentLedger,
  DAY_MS,
  DEFAULT_CONSENT_DURATION_MS,
  RECONFIRM_AFTER_MS,
  subjectHash,
  type ConsentEntry,
  type ConsentLedgerOptions,
  type ConsentRecord,
  type ErasureRecord,
} from './ledger';
