import type { Category, Direction } from '../types';
import type { AccountKey } from './customers';

/** A generated transaction before it gets an id, an instant and a status. */
export interface DraftTx {
  account: AccountKey;
  /** Minutes after local midnight. */
  minute: number;
  /** Positive integer minor units. */
  amount: number;
  direction: Direction;
  category: Category;
  merchant?: string;
  mcc?: string;
  description: string;
  /** Card authorisations show as pending for a couple of days; everything else posts booked. */
  card: boolean;
}
