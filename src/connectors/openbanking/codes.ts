import { categoryFromMcc } from '../categories';
import type { Category, Direction } from '../types';

/**
 * ISO 20022 bank transaction codes (Domain "PMNT"/"ACMT", SubCode "Family-SubFamily") Teller
 * reads when a transaction carries no merchant category code — always so with Basic permissions.
 */
const BY_SUBCODE: Record<string, { category: Category; label: string }> = {
  'CCRD-POSD': { category: 'other', label: 'Card payment' },
  'CCRD-CWDL': { category: 'cash', label: 'Cash withdrawal' },
  'RCDT-SALA': { category: 'income', label: 'Salary' },
  'RCDT-DMCT': { category: 'transfers', label: 'Transfer in' },
  'ICDT-DMCT': { category: 'transfers', label: 'Transfer out' },
  'ICDT-STDO': { category: 'transfers', label: 'Standing order' },
  'RDDT-PMDD': { category: 'bills', label: 'Direct debit' },
  'MDOP-CHRG': { category: 'fees', label: 'Charge' },
};

export interface BankTransactionCode {
  Code: string;
  SubCode: string;
}

/** The category of a transaction: its MCC when that says something, else its transaction code. */
export function categoryOf(mcc: string | undefined, code: BankTransactionCode | undefined): Category {
  const byMcc = categoryFromMcc(mcc);
  if (byMcc !== 'other') return byMcc;
  return (code && BY_SUBCODE[code.SubCode]?.category) ?? 'other';
}

/** A neutral description when the bank gave none (Basic permissions): "Card payment", "Direct debit". */
export function labelOf(code: BankTransactionCode | undefined, direction: Direction): string {
  return (code && BY_SUBCODE[code.SubCode]?.label) ?? (direction === 'credit' ? 'Money in' : 'Money out');
}

/** The code a bank would use for a transaction of this kind (the sandbox's HTTP face uses it). */
export function codeFor(
  category: Category,
  direction: Direction,
  viaCard: boolean,
  recurring: boolean,
): BankTransactionCode {
  const sub =
    category === 'cash'
      ? 'CCRD-CWDL'
      : category === 'fees'
        ? 'MDOP-CHRG'
        : category === 'income'
          ? 'RCDT-SALA'
          : direction === 'credit'
            ? 'RCDT-DMCT'
            : category === 'transfers'
              ? 'ICDT-STDO'
              : viaCard
                ? 'CCRD-POSD'
                : recurring
                  ? 'RDDT-PMDD'
                  : 'ICDT-DMCT';
  return { Code: sub === 'MDOP-CHRG' ? 'ACMT' : 'PMNT', SubCode: sub };
}
