import { last4 } from '../../money';
import { ConnectorError } from '../errors';
import { fromOpenBankingAmount, fromOpenBankingBalance } from '../money';
import type { Account, AccountType, Balance, Transaction } from '../types';
import { categoryOf, labelOf } from './codes';
import type { ObAccount, ObBalance, ObTransaction } from './schema';

const SUBTYPES: Record<ObAccount['AccountSubType'], AccountType | undefined> = {
  CurrentAccount: 'checking',
  EMoney: 'checking',
  PrePaidCard: 'checking',
  Savings: 'savings',
  CreditCard: 'credit_card',
  ChargeCard: 'credit_card',
  Loan: undefined,
  Mortgage: undefined,
};

const NAMES: Record<AccountType, string> = {
  checking: 'Current Account',
  savings: 'Savings Account',
  credit_card: 'Credit Card',
};

/** An Open Banking account as Teller's Account; loans and mortgages are not Teller's business (undefined). */
export function toAccount(a: ObAccount): Account | undefined {
  const type = SUBTYPES[a.AccountSubType];
  if (!type) return undefined;
  const id = a.Account?.[0]?.Identification;
  return {
    id: a.AccountId,
    type,
    name: a.Nickname ?? a.Description ?? NAMES[type],
    // Only with ReadAccountsDetail; masked PANs ("************1234") keep their last 4 too.
    last4: id ? last4(id) : '',
    currency: a.Currency,
  };
}

/**
 * The balances of one account: `current` is the booked balance (InterimBooked, else
 * ClosingBooked), `available` is InterimAvailable falling back to InterimBooked.
 */
export function toBalance(accountId: string, list: ObBalance[]): Balance | undefined {
  const of = (type: ObBalance['Type']) => list.find((b) => b.AccountId === accountId && b.Type === type);
  const booked = of('InterimBooked') ?? of('ClosingBooked');
  const available = of('InterimAvailable') ?? of('InterimBooked');
  const head = booked ?? available;
  if (!head) return undefined;
  return {
    accountId,
    current: fromOpenBankingBalance(head.Amount, head.CreditDebitIndicator),
    ...(available
      ? { available: fromOpenBankingBalance(available.Amount, available.CreditDebitIndicator) }
      : {}),
    asOf: instant(head.DateTime),
  };
}

export function toTransaction(t: ObTransaction): Transaction {
  const { amount, direction } = fromOpenBankingAmount(t.Amount, t.CreditDebitIndicator);
  const mcc = t.MerchantDetails?.MerchantCategoryCode;
  const merchant = t.MerchantDetails?.MerchantName;
  if (!t.TransactionId)
    throw new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', 'A transaction came without TransactionId');
  return {
    id: t.TransactionId,
    accountId: t.AccountId,
    date: instant(t.BookingDateTime),
    amount,
    direction,
    status: t.Status === 'Pending' ? 'pending' : 'booked',
    description: t.TransactionInformation ?? merchant ?? labelOf(t.BankTransactionCode, direction),
    ...(merchant ? { merchant } : {}),
    category: categoryOf(mcc, t.BankTransactionCode),
    ...(mcc && /^\d{4}$/.test(mcc) ? { mcc } : {}),
  };
}

/** OB date-times carry an offset ("2024-05-01T10:00:00+01:00"); Teller holds UTC instants. */
function instant(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', 'Unreadable date-time');
  return new Date(ms).toISOString();
}
