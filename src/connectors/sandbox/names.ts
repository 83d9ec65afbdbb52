import { CUSTOMERS } from './customers';
import { catalogueNames } from './merchants';

/** Every merchant name the sandbox can put on a transaction, sorted; for merchant entity extraction. */
export function sandboxMerchants(): string[] {
  const names = new Set(catalogueNames());
  for (const c of CUSTOMERS) {
    names.add(c.employer);
    names.add(c.commute.merchant);
    for (const r of c.recurring) if (!r.noMerchant) names.add(r.merchant);
  }
  return [...names].sort((a, b) => a.localeCompare(b, 'en'));
}
