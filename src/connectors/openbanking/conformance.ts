import { randomBytes } from 'node:crypto';
import { closeServer, listen } from '../../server/listen';
import { defineConnectorModule } from '../conformance/types';
import { SandboxBank } from '../sandbox';
import { OpenBankingConnector } from './connector';
import type { PermissionOptions } from './permissions';
import { AIS_BASE_PATH } from './schema';
import { OpenBankingServer } from './server';

export interface OpenBankingHarnessOptions {
  permissions?: PermissionOptions;
  pageSize?: number;
  customer?: string;
}

/**
 * The Open Banking connector against the sandbox bank's Open Banking face on a free local port.
 * Linking creates a consent, "authorises" it as the sandbox customer at the bank and keeps the token.
 */
export function openBankingHarness(options: OpenBankingHarnessOptions = {}) {
  return defineConnectorModule(async () => {
    const bank = new SandboxBank();
    const clientToken = randomBytes(16).toString('base64url');
    const server = new OpenBankingServer({ bank, clientToken, pageSize: options.pageSize ?? 25 });
    const { server: http, port } = await listen(server.app, 0, '127.0.0.1');
    const connector = new OpenBankingConnector({
      displayName: 'Sandbox Bank (Open Banking)',
      baseUrl: `http://127.0.0.1:${port}${AIS_BASE_PATH}`,
      financialId: server.financialId,
      clientToken: async () => clientToken,
      permissions: options.permissions ?? { transactionDetail: true, accountIdentification: true },
    });
    const customer = options.customer ?? bank.listCustomers()[0]!.id;
    return {
      connector,
      timezone: bank.timezone,
      async link() {
        const auth = await connector.prepareAuthorization();
        const token = server.authorise(auth.context.consentId, customer);
        return connector.grantFor(customer, token, auth.context);
      },
      faults: {
        expire: (grant) => server.consents.expire(grant.accessToken ?? ''),
        failNext: (status, count) => server.faults.failNext(status, count),
        delayNext: (ms, count) => server.faults.delayNext(ms, count),
        reset: () => server.faults.reset(),
      },
      teardown: () => closeServer(http),
    };
  });
}

export default openBankingHarness();
