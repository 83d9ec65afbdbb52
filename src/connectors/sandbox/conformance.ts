import { randomBytes } from 'node:crypto';
import { defineConnectorModule } from '../conformance/types';
import { SandboxBank } from './bank';

/**
 * The sandbox bank as a conformance-kit module (`npx teller connector test sandbox`). It never
 * touches a network, so it offers no fault hooks and the HTTP error checks are skipped; its HTTP
 * face (the Open Banking module) runs them.
 */
export default defineConnectorModule(async () => {
  const connector = new SandboxBank();
  const customer = connector.listCustomers()[0]!.id;
  return {
    connector,
    timezone: connector.timezone,
    link: async () => ({
      subject: customer,
      accessToken: randomBytes(16).toString('base64url'),
      scopes: ['accounts:read', 'balances:read', 'transactions:read'],
    }),
  };
});
