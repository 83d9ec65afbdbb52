import { TellerError } from '../../engine/errors';

/**
 * Stable error codes of the Messenger channel (messages in the catalogue, src/engine/errors.ts).
 * Messages never contain message text, tokens or PSIDs.
 */
export type MessengerErrorCode =
  | 'TELLER_ERR_MESSENGER_SIGNATURE'
  | 'TELLER_ERR_MESSENGER_PAYLOAD'
  | 'TELLER_ERR_MESSENGER_INBOX'
  | 'TELLER_ERR_MESSENGER_GRAPH_REJECTED'
  | 'TELLER_ERR_MESSENGER_GRAPH_UNAVAILABLE'
  | 'TELLER_ERR_MESSENGER_DEAD_LETTER'
  | 'TELLER_ERR_MESSENGER_PROFILE'
  | 'TELLER_ERR_MESSENGER_CLOSED';

export class MessengerError extends TellerError {
  constructor(code: MessengerErrorCode, message?: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'MessengerError';
  }
}
