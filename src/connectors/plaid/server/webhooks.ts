import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** The local Plaid's webhook signing: an ES256 key pair, the JWK served by /webhook_verification_key/get. */
export class WebhookSigner {
  private constructor(
    private readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'],
    readonly jwk: JWK & { kid: string },
    readonly createdAt: number,
  ) {}

  static async create(): Promise<WebhookSigner> {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
    return new WebhookSigner(privateKey, jwk, Math.floor(Date.now() / 1000));
  }

  /** The `Plaid-Verification` header for this exact body. `iat` can be set for tests of stale webhooks. */
  sign(body: string, iat = Math.floor(Date.now() / 1000)): Promise<string> {
    return new SignJWT({ request_body_sha256: createHash('sha256').update(body).digest('hex') })
      .setProtectedHeader({ alg: 'ES256', kid: this.jwk.kid, typ: 'JWT' })
      .setIssuedAt(iat)
      .sign(this.privateKey);
  }

  /** Posts a signed webhook; resolves with the receiver's HTTP status. */
  async send(url: string, payload: Record<string, unknown>): Promise<number> {
    const body = JSON.stringify(payload);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'plaid-verification': await this.sign(body) },
      body,
    });
    await res.body?.cancel();
    return res.status;
  }
}
