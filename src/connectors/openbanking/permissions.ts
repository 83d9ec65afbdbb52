import type { Permission } from './schema';

export interface PermissionOptions {
  /**
   * The customer opted in to transaction details (merchant names and codes, the bank's description).
   * Without it Teller asks for Basic transactions only: amounts, dates, directions, payment types.
   */
  transactionDetail?: boolean;
  /** The customer opted in to account identification (needed to show the last 4 digits). */
  accountIdentification?: boolean;
}

/**
 * The least-privilege permission set Teller asks for. ReadPAN is never requested: Teller only ever
 * shows the last 4 digits, and a masked identification carries those.
 */
export function permissionsFor(options: PermissionOptions = {}): Permission[] {
  return [
    'ReadAccountsBasic',
    ...(options.accountIdentification ? (['ReadAccountsDetail'] as const) : []),
    'ReadBalances',
    'ReadTransactionsBasic',
    'ReadTransactionsCredits',
    'ReadTransactionsDebits',
    ...(options.transactionDetail ? (['ReadTransactionsDetail'] as const) : []),
  ];
}

/** Teller-side read scopes a consent with these permissions covers (what bank-access checks). */
export function scopesFor(permissions: readonly string[]): string[] {
  const has = (p: Permission) => permissions.includes(p);
  return [
    ...(has('ReadAccountsBasic') || has('ReadAccountsDetail') ? ['accounts:read'] : []),
    ...(has('ReadBalances') ? ['balances:read'] : []),
    ...((has('ReadTransactionsBasic') || has('ReadTransactionsDetail')) &&
    (has('ReadTransactionsCredits') || has('ReadTransactionsDebits'))
      ? ['transactions:read']
      : []),
  ];
}
