import { randomBytes } from 'node:crypto';
import { closeServer, listen } from '../../server/listen';
import { defineConnectorModule } from '../conformance/types';
import { SandboxBank } from '../sandbox';
import { plaidApi } from './client';
import { PlaidConnector } from './connector';
import { PlaidLink } from './link';
import { PlaidServer } from './server';

/**
 * The Plaid connector against the local Plaid server (sandbox data) on a free port. Linking is
 * Plaid's sandbox path: `/sandbox/public_token/create`, then the real `/item/public_token/exchange`.
 */
export function plaidHarness(customer?: string) {
  return defineConnectorModule(async () => {
    const bank = new SandboxBank();
    const credentials = { clientId: 'teller-test', secret: randomBytes(16).toString('hex') };
    const server = await PlaidServer.create({ bank, ...credentials });
    const { server: http, port } = await listen(server.app, 0, '127.0.0.1');
    const basePath = `http://127.0.0.1:${port}`;
    const who = customer ?? bank.listCustomers()[0]!.id;
    const info = bank.ledgerInfo(who);
    const connector = new PlaidConnector({
      basePath,
      ...credentials,
      displayName: 'Sandbox Bank (via Plaid)',
      currency: bank.listCustomers().find((c) => c.id === who)!.currency,
      timezone: info.timezone,
    });
    const api = plaidApi({ basePath, ...credentials });
    const link = new PlaidLink(api, { clientName: 'Teller' });
    return {
      connector,
      timezone: info.timezone,
      async link() {
        const { data } = await api.sandboxPublicTokenCreate({
          institution_id: 'ins_teller_sandbox',
          initial_products: [],
          options: { override_username: who },
        });
        return link.exchange(data.public_token);
      },
      faults: {
        expire: (grant) => {
          const item = server.items.byAccessToken(grant.accessToken ?? '');
          if (item) item.loginRequired = true;
        },
        failNext: (status, count) => server.faults.failNext(status, count),
        delayNext: (ms, count) => server.faults.delayNext(ms, count),
        reset: () => server.faults.reset(),
      },
      teardown: () => closeServer(http),
    };
  });
}

export default plaidHarness();
