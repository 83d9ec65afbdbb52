import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import type { PlaidApi } from 'plaid';
import { ConnectorError } from '../errors';
import { plaidCall } from './client';

export interface PlaidWebhookVerifierOptions {
  /** Seconds a webhook stays acceptable after its `iat`. Plaid's guidance: 5 minutes. */
  maxAgeSeconds?: number;
  now?: () => Date;
}

interface CachedKey {
  key: Awaited<ReturnType<typeof importJWK>>;
  expiredAt: number | null;
}

function reject(reason: string): ConnectorError {
  return new ConnectorError('TELLER_ERR_CONNECTOR_WEBHOOK', `Plaid webhook rejected: ${reason}`);
}

/**
 * Verifies the `Plaid-Verification` header: an ES256 JWT whose key comes from
 * `/webhook_verification_key/get` (cached by key id), issued at most 5 minutes ago, whose
 * `request_body_sha256` is the SHA-256 of the exact body bytes received.
 */
export class PlaidWebhookVerifier {
  private readonly keys = new Map<string, CachedKey>();

  constructor(
    private readonly api: PlaidApi,
    private readonly o: PlaidWebhookVerifierOptions = {},
  ) {}

  async verify(body: Buffer | string, header: string | undefined): Promise<void> {
    if (!header) throw reject('no Plaid-Verification header');
    let kid: string | undefined;
    try {
      const h = decodeProtectedHeader(header);
      if (h.alg !== 'ES256') throw reject('algorithm is not ES256');
      kid = h.kid;
    } catch (err) {
      throw err instanceof ConnectorError ? err : reject('malformed JWT');
    }
    if (!kid) throw reject('no key id');
    const key = await this.key(kid);
    const now = (this.o.now ?? (() => new Date()))();
    if (key.expiredAt !== null && key.expiredAt * 1000 <= now.getTime()) throw reject('key expired');
    let payload;
    try {
      ({ payload } = await jwtVerify(header, key.key, {
        algorithms: ['ES256'],
        maxTokenAge: this.o.maxAgeSeconds ?? 300,
        currentDate: now,
      }));
    } catch {
      throw reject('signature, iat or age');
    }
    const claimed = payload.request_body_sha256;
    const actual = createHash('sha256').update(body).digest('hex');
    if (
      typeof claimed !== 'string' ||
      claimed.length !== actual.length ||
      !timingSafeEqual(Buffer.from(claimed), Buffer.from(actual))
    )
      throw reject('body hash mismatch');
  }

  private async key(kid: string): Promise<CachedKey> {
    const cached = this.keys.get(kid);
    if (cached) return cached;
    const res = await plaidCall(() => this.api.webhookVerificationKeyGet({ key_id: kid })).catch(() => {
      throw reject('unknown key');
    });
    const { alg, crv, kty, x, y } = res.key;
    const key = {
      key: await importJWK({ alg, crv, kty, x, y } as JWK, 'ES256'),
      expiredAt: res.key.expired_at,
    };
    if (this.keys.size > 64) this.keys.clear();
    this.keys.set(kid, key);
    return key;
  }
}
