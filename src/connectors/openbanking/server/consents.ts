import { randomBytes, randomUUID } from 'node:crypto';
import { PERMISSIONS, type Permission } from '../schema';

export interface StoredConsent {
  ConsentId: string;
  Status: 'AwaitingAuthorisation' | 'Authorised' | 'Rejected' | 'Revoked';
  Permissions: Permission[];
  CreationDateTime: string;
  StatusUpdateDateTime: string;
  ExpirationDateTime?: string;
  /** The customer who authorised it. */
  subject?: string;
}

interface TokenRecord {
  consentId: string;
  subject: string;
  expiresAt: number;
}

/** Why a permission set is refused, or undefined when it is acceptable (v3.1 consent rules). */
export function permissionProblem(list: unknown): string | undefined {
  if (!Array.isArray(list) || list.length === 0) return 'Permissions must be a non-empty array';
  if (!list.every((p) => (PERMISSIONS as readonly unknown[]).includes(p))) return 'Unknown permission';
  const has = (p: Permission) => list.includes(p);
  const txBase = has('ReadTransactionsBasic') || has('ReadTransactionsDetail');
  const txDir = has('ReadTransactionsCredits') || has('ReadTransactionsDebits');
  if (txBase !== txDir)
    return 'ReadTransactionsBasic/Detail and ReadTransactionsCredits/Debits must be requested together';
  return undefined;
}

/** The bank's consents and the customer tokens minted for them. In memory: it is a test and demo bank. */
export class ConsentStore {
  private readonly consents = new Map<string, StoredConsent>();
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(private readonly now: () => Date) {}

  create(permissions: Permission[], expiration?: string): StoredConsent {
    const at = this.now().toISOString();
    const consent: StoredConsent = {
      ConsentId: `aac-${randomUUID()}`,
      Status: 'AwaitingAuthorisation',
      Permissions: permissions,
      CreationDateTime: at,
      StatusUpdateDateTime: at,
      ...(expiration ? { ExpirationDateTime: expiration } : {}),
    };
    this.consents.set(consent.ConsentId, consent);
    return consent;
  }

  get(id: string): StoredConsent | undefined {
    return this.consents.get(id);
  }

  /** The customer authorised the consent at the bank; returns an access token bound to it. */
  authorise(consentId: string, subject: string, ttlMs = 3_600_000): string {
    const consent = this.consents.get(consentId);
    if (!consent || consent.Status !== 'AwaitingAuthorisation')
      throw new Error('Consent is not awaiting authorisation');
    consent.Status = 'Authorised';
    consent.subject = subject;
    consent.StatusUpdateDateTime = this.now().toISOString();
    return this.mint(consentId, subject, ttlMs);
  }

  /** The customer declined at the bank: the consent can no longer be authorised. */
  reject(consentId: string): void {
    const consent = this.consents.get(consentId);
    if (!consent || consent.Status !== 'AwaitingAuthorisation')
      throw new Error('Consent is not awaiting authorisation');
    consent.Status = 'Rejected';
    consent.StatusUpdateDateTime = this.now().toISOString();
  }

  /** Another access token for an authorised consent (what a refresh would give). */
  mint(consentId: string, subject: string, ttlMs = 3_600_000): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { consentId, subject, expiresAt: this.now().getTime() + ttlMs });
    return token;
  }

  token(token: string): TokenRecord | undefined {
    const t = this.tokens.get(token);
    return t && t.expiresAt > this.now().getTime() ? t : undefined;
  }

  /** Makes a customer token expire now (the conformance kit's "expired token"). */
  expire(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.expiresAt = 0;
  }

  delete(consentId: string): boolean {
    const existed = this.consents.delete(consentId);
    for (const [token, t] of this.tokens) if (t.consentId === consentId) this.tokens.delete(token);
    return existed;
  }
}
