import { MemoryAuditLog, type AuditLog } from '../engine/audit';
import { userKey, type LinkUser } from '../linking/types';
import type { PersonalDataStore } from '../privacy/erasable';
import { RedisAuditLog } from './redis';

/**
 * The audit trail as a personal-data store.
 *
 * On "delete my data" the trail is **pseudonymised, not deleted**: each event keeps its connector,
 * operation, scope, intent, time, outcome and duration, and its `user` is replaced by a keyed hash
 * (`alias`, the same HMAC as the consent ledger's erasure record). Why keep it:
 * - the bank (the regulated party) must be able to show which account-information requests were
 *   made on a customer's behalf and that each was covered by consent (PSD2 / FCA AIS record
 *   keeping); GDPR Art. 17(3)(b) lets records needed for such a legal obligation stay;
 * - the events are on an allow-list (src/audit/schema.ts): no figures, no merchant, no account
 *   number, no free text — only what a compliance check needs;
 * - without the hashing key nobody can tie the hash back to a person; with the key and a user id
 *   (a regulator's request, say) the trail can still be found, and matched to the erasure record;
 * - it still expires with the trail's original lifetime (about 13 months), never later.
 * Any other audit log is left alone and described as such.
 */
export function auditTrailStore(log: AuditLog, alias: (user: LinkUser) => string): PersonalDataStore {
  return {
    name: 'audit',
    async describe(user) {
      const n = await count(log, userKey(user));
      if (n === 0) return [];
      return [
        `A record of the ${n === 1 ? 'one request' : `${n} requests`} I made to your bank for you (when, which kind ` +
          'of data, for which question, and whether it worked — never the figures), kept for 13 months for compliance.',
      ];
    },
    async erase(user) {
      const key = userKey(user);
      if (log instanceof RedisAuditLog) return log.pseudonymise(key, alias(user));
      if (log instanceof MemoryAuditLog) {
        let moved = 0;
        for (const e of log.events)
          if (e.user === key) {
            e.user = alias(user);
            moved++;
          }
        return moved;
      }
      return 0;
    },
  };
}

async function count(log: AuditLog, user: string): Promise<number> {
  if (log instanceof RedisAuditLog) return log.count(user);
  if (log instanceof MemoryAuditLog) return log.events.filter((e) => e.user === user).length;
  return 0;
}
