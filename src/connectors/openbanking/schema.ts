import { z } from 'zod';

/**
 * The parts of UK Open Banking Read/Write API v3.1.11 (AIS) payloads Teller reads. Unknown fields
 * pass through untouched; what Teller relies on is checked, so a malformed answer becomes
 * TELLER_ERR_CONNECTOR_BAD_RESPONSE instead of a wrong figure.
 */
export const OB_VERSION = 'v3.1';
export const AIS_BASE_PATH = `/open-banking/${OB_VERSION}/aisp`;

export const PERMISSIONS = [
  'ReadAccountsBasic',
  'ReadAccountsDetail',
  'ReadBalances',
  'ReadBeneficiariesBasic',
  'ReadBeneficiariesDetail',
  'ReadDirectDebits',
  'ReadOffers',
  'ReadPAN',
  'ReadParty',
  'ReadPartyPSU',
  'ReadProducts',
  'ReadScheduledPaymentsBasic',
  'ReadScheduledPaymentsDetail',
  'ReadStandingOrdersBasic',
  'ReadStandingOrdersDetail',
  'ReadStatementsBasic',
  'ReadStatementsDetail',
  'ReadTransactionsBasic',
  'ReadTransactionsCredits',
  'ReadTransactionsDebits',
  'ReadTransactionsDetail',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const amount = z.object({ Amount: z.string(), Currency: z.string().regex(/^[A-Z]{3}$/) });
const indicator = z.enum(['Credit', 'Debit']);
const links = z.object({
  Self: z.string(),
  First: z.string().optional(),
  Prev: z.string().optional(),
  Next: z.string().optional(),
  Last: z.string().optional(),
});
const meta = z
  .object({
    TotalPages: z.number().int().optional(),
    FirstAvailableDateTime: z.string().optional(),
    LastAvailableDateTime: z.string().optional(),
  })
  .passthrough();

export const consentResponse = z.object({
  Data: z
    .object({
      ConsentId: z.string().min(1).max(128),
      Status: z.enum(['Authorised', 'AwaitingAuthorisation', 'Rejected', 'Revoked']),
      Permissions: z.array(z.enum(PERMISSIONS)),
      CreationDateTime: z.string(),
      StatusUpdateDateTime: z.string(),
      ExpirationDateTime: z.string().optional(),
      TransactionFromDateTime: z.string().optional(),
      TransactionToDateTime: z.string().optional(),
    })
    .passthrough(),
  Risk: z.object({}).passthrough(),
  Links: links.optional(),
  Meta: meta.optional(),
});
export type ConsentResponse = z.infer<typeof consentResponse>;

export const obAccount = z
  .object({
    AccountId: z.string().min(1).max(40),
    Currency: z.string().regex(/^[A-Z]{3}$/),
    AccountType: z.enum(['Business', 'Personal']),
    AccountSubType: z.enum([
      'ChargeCard',
      'CreditCard',
      'CurrentAccount',
      'EMoney',
      'Loan',
      'Mortgage',
      'PrePaidCard',
      'Savings',
    ]),
    Description: z.string().optional(),
    Nickname: z.string().optional(),
    Account: z
      .array(
        z
          .object({ SchemeName: z.string(), Identification: z.string(), Name: z.string().optional() })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();
export type ObAccount = z.infer<typeof obAccount>;

export const accountsResponse = z.object({
  Data: z.object({ Account: z.array(obAccount).optional() }),
  Links: links,
  Meta: meta,
});

export const BALANCE_TYPES = [
  'ClosingAvailable',
  'ClosingBooked',
  'ClosingCleared',
  'Expected',
  'ForwardAvailable',
  'Information',
  'InterimAvailable',
  'InterimBooked',
  'InterimCleared',
  'OpeningAvailable',
  'OpeningBooked',
  'OpeningCleared',
  'PreviouslyClosedBooked',
] as const;

export const obBalance = z
  .object({
    AccountId: z.string(),
    Amount: amount,
    CreditDebitIndicator: indicator,
    Type: z.enum(BALANCE_TYPES),
    DateTime: z.string(),
    CreditLine: z
      .array(z.object({ Included: z.boolean(), Type: z.string().optional(), Amount: amount.optional() }))
      .optional(),
  })
  .passthrough();
export type ObBalance = z.infer<typeof obBalance>;

export const balancesResponse = z.object({
  Data: z.object({ Balance: z.array(obBalance) }),
  Links: links,
  Meta: meta,
});

export const obTransaction = z
  .object({
    AccountId: z.string(),
    TransactionId: z.string().optional(),
    TransactionReference: z.string().optional(),
    CreditDebitIndicator: indicator,
    Status: z.enum(['Booked', 'Pending']),
    BookingDateTime: z.string(),
    ValueDateTime: z.string().optional(),
    TransactionInformation: z.string().optional(),
    Amount: amount,
    BankTransactionCode: z.object({ Code: z.string(), SubCode: z.string() }).optional(),
    ProprietaryBankTransactionCode: z.object({ Code: z.string(), Issuer: z.string().optional() }).optional(),
    MerchantDetails: z
      .object({ MerchantName: z.string().optional(), MerchantCategoryCode: z.string().optional() })
      .optional(),
  })
  .passthrough();
export type ObTransaction = z.infer<typeof obTransaction>;

export const transactionsResponse = z.object({
  Data: z.object({ Transaction: z.array(obTransaction).optional() }),
  Links: links,
  Meta: meta,
});
