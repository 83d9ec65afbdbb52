import { ACCOUNT_KEYS, fullNumber } from '../../src/connectors/sandbox/accounts';
import { CUSTOMERS } from '../../src/connectors/sandbox/customers';
import { makeTestBot } from '../support/bot';
import { plain } from './helpers';

describe('account numbers', () => {
  it('never appear in a reply beyond their last 4 digits, for any demo customer', async () => {
    const t = await makeTestBot();
    for (const customer of CUSTOMERS) {
      const u = t.user(`mask-${customer.id}`);
      await t.linkUser(u, customer.id);
      const said = [
        plain(await u.say("what's my balance")),
        plain(await u.say('show my last 20 transactions')),
        plain(await u.press('All accounts')),
        plain(await u.say('how much did I spend last month')),
        plain(await u.say('what do you know about me')),
      ].join('\n');
      for (const key of ACCOUNT_KEYS) {
        const full = fullNumber('teller-sandbox', customer, key).replace(/\D/g, '');
        const last4 = full.slice(-4);
        expect(said).toContain(`••${last4}`);
        // No run of 5+ digits from the full number (which would reveal more than the last 4).
        for (let i = 0; i + 5 <= full.length; i++)
          expect(said.replace(/[\s-]/g, '')).not.toContain(full.slice(i, i + 5));
      }
    }
    await t.close();
  });
});
