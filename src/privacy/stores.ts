import type { ConsentLedger } from '../consent';
import { sessionKey, type SessionData } from '../engine/session-data';
import type { GrantStore } from '../linking/grants';
import type { LinkingService } from '../linking/types';
import type { StorageAdapter } from '../session/types';
import type { PersonalDataStore } from './erasable';

export interface ConnectorInfo {
  id: string;
  displayName: string;
}

/** Bank links (grants with sealed tokens): revoked at the bank, then forgotten. */
export function linkStore(
  grants: GrantStore,
  linking: LinkingService,
  connectors: ConnectorInfo[],
): PersonalDataStore {
  return {
    name: 'links',
    async describe(user) {
      const lines: string[] = [];
      for (const c of connectors) {
        const grant = await grants.get(user, c.id);
        if (!grant) continue;
        const when = new Date(grant.grantedAt).toISOString().slice(0, 10);
        lines.push(
          `A link to ${c.displayName} you approved on ${when}: read-only access to ${grant.scopes.map(describeScope).join(', ')} ` +
            '(the access key is kept encrypted).',
        );
      }
      return lines;
    },
    async erase(user) {
      let removed = 0;
      for (const c of connectors) {
        if (!(await grants.get(user, c.id))) continue;
        // Revoke at the bank first; if the bank is down, still forget the grant locally.
        await linking.unlink(user, c.id).catch(() => grants.delete(user, c.id));
        removed++;
      }
      return removed;
    },
  };
}

/** The conversation state (sealed at rest). */
export function sessionStore(sessions: StorageAdapter<SessionData>, ttlSeconds: number): PersonalDataStore {
  const key = sessionKey;
  return {
    name: 'session',
    async describe(user) {
      if (!(await sessions.read(key(user)))) return [];
      const hours = Math.round(ttlSeconds / 3600);
      return [
        `The state of our conversation (your last question's topic, any question I'm waiting on), kept encrypted ` +
          `for ${hours} hours after your last message.`,
      ];
    },
    async erase(user) {
      const held = (await sessions.read(key(user))) !== undefined;
      await sessions.delete(key(user));
      return held ? 1 : 0;
    },
  };
}

/** The consent history: which bank, which scopes, when granted, reconfirmed or revoked. */
export function consentStore(ledger: ConsentLedger, connectors: ConnectorInfo[]): PersonalDataStore {
  return {
    name: 'consent',
    async describe(user) {
      const entries = await ledger.list(user);
      return entries.map((e) => {
        const bank = connectors.find((c) => c.id === e.connector)?.displayName ?? e.connector;
        const last = e.revokedAt
          ? `revoked on ${e.revokedAt.slice(0, 10)}`
          : `last confirmed on ${(e.reconfirmedAt ?? e.grantedAt).slice(0, 10)}`;
        return `Your consent history with ${bank}: granted on ${e.grantedAt.slice(0, 10)}, ${last}.`;
      });
    },
    async erase(user) {
      const n = (await ledger.list(user)).length;
      if (n > 0) await ledger.erase(user);
      return n;
    },
  };
}

function describeScope(scope: string): string {
  return scope.replace(':read', '').replace('accounts', 'account list');
}
