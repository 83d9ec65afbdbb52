import type { SandboxBank } from '../../sandbox';
import { toOpenBankingAmount } from '../../money';
import type { Account, AccountType, Balance, Transaction } from '../../types';
import { codeFor } from '../codes';
import type { Permission } from '../schema';

const SUBTYPE: Record<AccountType, string> = {
  checking: 'CurrentAccount',
  savings: 'Savings',
  credit_card: 'CreditCard',
};

const RECURRING = new Set(['bills', 'housing', 'subscriptions']);

/** OBAccount6. The identification block only with ReadAccountsDetail. */
export function renderAccount(bank: SandboxBank, subject: string, a: Account, permissions: Permission[]) {
  const ident = permissions.includes('ReadAccountsDetail')
    ? bank.accountIdentification(subject, a.id)
    : undefined;
  return {
    AccountId: a.id,
    Status: 'Enabled',
    Currency: a.currency,
    AccountType: 'Personal',
    AccountSubType: SUBTYPE[a.type],
    Nickname: a.name,
    ...(ident ? { Account: [{ SchemeName: ident.scheme, Identification: ident.identification }] } : {}),
  };
}

/** OBReadBalance1 entries: InterimBooked and InterimAvailable. */
export function renderBalances(b: Balance) {
  const entry = (type: string, m: Balance['current']) => ({
    AccountId: b.accountId,
    ...toOpenBankingAmount(m),
    Type: type,
    DateTime: b.asOf,
  });
  return [
    entry('InterimBooked', b.current),
    ...(b.available ? [entry('InterimAvailable', b.available)] : []),
  ];
}

/** OBTransaction6. Merchant details and the bank's description only with ReadTransactionsDetail. */
export function renderTransaction(t: Transaction, account: Account | undefined, permissions: Permission[]) {
  const detail = permissions.includes('ReadTransactionsDetail');
  const viaCard =
    account?.type === 'credit_card' ||
    (t.mcc !== undefined && !RECURRING.has(t.category) && t.category !== 'cash');
  return {
    AccountId: t.accountId,
    TransactionId: t.id,
    CreditDebitIndicator: t.direction === 'credit' ? 'Credit' : 'Debit',
    Status: t.status === 'pending' ? 'Pending' : 'Booked',
    BookingDateTime: t.date,
    Amount: { Amount: t.amount.amount, Currency: t.amount.currency },
    BankTransactionCode: codeFor(t.category, t.direction, viaCard, RECURRING.has(t.category)),
    ...(detail ? { TransactionInformation: t.description } : {}),
    ...(detail && (t.merchant || t.mcc)
      ? {
          MerchantDetails: {
            ...(t.merchant ? { MerchantName: t.merchant } : {}),
            ...(t.mcc ? { MerchantCategoryCode: t.mcc } : {}),
          },
        }
      : {}),
  };
}
