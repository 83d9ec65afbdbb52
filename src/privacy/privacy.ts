import type { ConsentLedger } from '../consent';
import type { PrivacyService } from '../engine/context';
import type { SessionData } from '../engine/session-data';
import type { GrantStore } from '../linking/grants';
import type { LinkingService, LinkUser } from '../linking/types';
import { userKey } from '../linking/types';
import type { StorageAdapter } from '../session/types';

export interface TellerPrivacyOptions {
  sessions: StorageAdapter<SessionData>;
  grants: GrantStore;
  linking: LinkingService;
  connectors: { id: string; displayName: string }[];
  sessionTtlSeconds: number;
  /** Consent history; erased with everything else, leaving only a minimal erasure record. */
  ledger?: ConsentLedger;
  /** Where the erasure record (a time and a hash, no personal data) is kept as proof. */
  onErased?: (record: { erasedAt: string; subjectHash: string }) => void;
}

/**
 * Answers "what do you know about me?" from what is actually stored, and erases it on request.
 * Teller never stores balances, transactions or account numbers, so the list is short on purpose.
 */
export class TellerPrivacy implements PrivacyService {
  constructor(private readonly o: TellerPrivacyOptions) {}

  async describe(user: LinkUser): Promise<string[]> {
    const facts: string[] = [`Your ${user.channel} id, so I can reply to you.`];
    for (const c of this.o.connectors) {
      const grant = await this.o.grants.get(user, c.id);
      if (grant) {
        const when = new Date(grant.grantedAt).toISOString().slice(0, 10);
        facts.push(
          `A link to ${c.displayName} you approved on ${when}: read-only access to ${grant.scopes.map(describeScope).join(', ')}.`,
        );
      }
    }
    const session = await this.o.sessions.read(`session:${userKey(user)}`);
    if (session) {
      const hours = Math.round(this.o.sessionTtlSeconds / 3600);
      facts.push(
        `The state of our conversation (your last question's topic, any question I'm waiting on), kept for ${hours} hours after your last message.`,
      );
    }
    facts.push(
      'I never store your balances, transactions or account numbers: I ask your bank each time and forget the answer.',
    );
    return facts;
  }

  async erase(user: LinkUser): Promise<void> {
    for (const c of this.o.connectors) {
      // Revoke at the bank first; if the bank is down, still forget the grant locally.
      await this.o.linking.unlink(user, c.id).catch(() => this.o.grants.delete(user, c.id));
    }
    await this.o.sessions.delete(`session:${userKey(user)}`);
    const record = await this.o.ledger?.erase(user);
    if (record) this.o.onErased?.(record);
  }
}

function describeScope(scope: string): string {
  return scope.replace(':read', '').replace('balances', 'balances').replace('accounts', 'account list');
}
