import express from 'express';
import { createLogger } from '../../../logging/logger';
import { listen } from '../../../server/listen';
import { createSandboxIdp } from './provider';
import { SandboxBank } from '../bank';

/**
 * The sandbox bank's OpenID provider on its own port, e.g. for a Teller started elsewhere:
 *
 *   SANDBOX_IDP_PORT=4000 SANDBOX_IDP_CLIENT_SECRET=… SANDBOX_IDP_REDIRECT_URI=http://localhost:3000/link/callback \
 *     npx tsx src/connectors/sandbox/idp/main.ts
 *
 * Prints one JSON line `{"issuer": "…"}` when it listens.
 */
async function main(): Promise<void> {
  const env = process.env;
  const host = env.SANDBOX_IDP_HOST ?? '127.0.0.1';
  const secret = env.SANDBOX_IDP_CLIENT_SECRET;
  const redirectUri = env.SANDBOX_IDP_REDIRECT_URI;
  if (!secret || !redirectUri) throw new Error('Set SANDBOX_IDP_CLIENT_SECRET and SANDBOX_IDP_REDIRECT_URI');
  const app = express();
  app.set('trust proxy', 'loopback');
  const bank = new SandboxBank();
  const ready: { router?: express.Router } = {};
  app.use((req, res, next) => (ready.router ? ready.router(req, res, next) : res.status(503).end()));
  const { port } = await listen(app, Number(env.SANDBOX_IDP_PORT ?? 0), host);
  const issuer = env.SANDBOX_IDP_ISSUER ?? `http://${host}:${port}`;
  ready.router = createSandboxIdp({
    issuer,
    clients: [
      {
        clientId: env.SANDBOX_IDP_CLIENT_ID ?? 'teller',
        clientSecret: secret,
        redirectUris: [redirectUri],
        name: 'Teller',
      },
    ],
    customers: () => bank.listCustomers(),
    accessTokenTtlSeconds: env.SANDBOX_IDP_ACCESS_TOKEN_TTL
      ? Number(env.SANDBOX_IDP_ACCESS_TOKEN_TTL)
      : undefined,
    logger: createLogger(),
  }).router;
  process.stdout.write(JSON.stringify({ issuer }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox IdP failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
