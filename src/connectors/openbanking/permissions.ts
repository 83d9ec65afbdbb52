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

const PERMISSION_TEXT: Readonly<Record<string, string>> = {
  ReadAccountsBasic: 'your account list (names, types and currencies)',
  ReadAccountsDetail: 'your account identification (shown as the last 4 digits)',
  ReadBalances: 'your balances',
  ReadTransactionsBasic: 'the amounts, dates and types of your transactions',
  ReadTransactionsDetail: 'your transaction detail (payee names, references, merchant codes)',
  ReadPAN: 'your full card numbers',
};

/** A consent's permissions as the bank's consent screen lists them (direction permissions are folded in). */
export function describePermissions(permissions: readonly string[]): string[] {
  const credits = permissions.includes('ReadTransactionsCredits');
  const debits = permissions.includes('ReadTransactionsDebits');
  const which = credits && debits ? '' : credits ? ' (money in only)' : debits ? ' (money out only)' : '';
  return permissions.flatMap((p) => {
    const text = PERMISSION_TEXT[p];
    if (!text) return [];
    return [p.startsWith('ReadTransactions') ? `${text}${which}` : text];
  });
}
