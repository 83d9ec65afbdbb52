/**
 * Stable error codes of the Messenger channel. They follow the `TELLER_ERR_*` convention of
 * `src/engine/errors.ts`; messages never contain message text, tokens or PSIDs.
 */
export const MESSENGER_ERROR_CODES = {
  TELLER_ERR_MESSENGER_SIGNATURE: 'A webhook request had a missing or invalid X-Hub-Signature-256',
  TELLER_ERR_MESSENGER_PAYLOAD: 'A signed webhook body was not a valid Messenger event batch',
  TELLER_ERR_MESSENGER_INBOX: 'A webhook batch could not be stored durably (Meta will redeliver it)',
  TELLER_ERR_MESSENGER_GRAPH_REJECTED:
    'The Graph API refused a call (policy, permission or invalid request); it is not retried',
  TELLER_ERR_MESSENGER_GRAPH_UNAVAILABLE:
    'The Graph API kept failing (5xx, network error, timeout or throttling) after bounded retries',
  TELLER_ERR_MESSENGER_DEAD_LETTER: 'An inbound event failed too many times and was moved aside',
  TELLER_ERR_MESSENGER_PROFILE: 'The Messenger profile (Get Started, greeting, menu) could not be set',
  TELLER_ERR_MESSENGER_CLOSED: 'The Messenger channel was used after close()',
} as const;

export type MessengerErrorCode = keyof typeof MESSENGER_ERROR_CODES;

export class MessengerError extends Error {
  readonly code: MessengerErrorCode;

  constructor(code: MessengerErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? MESSENGER_ERROR_CODES[code], options);
    this.name = 'MessengerError';
    this.code = code;
  }
}
