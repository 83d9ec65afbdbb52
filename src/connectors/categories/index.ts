export { categoryFromMcc, MCC_RANGES } from './mcc';
export { categoryFromPlaid, PLAID_DETAILED, PLAID_PRIMARY, type PersonalFinanceCategory } from './plaid';
