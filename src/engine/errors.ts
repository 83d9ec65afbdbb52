/**
 * Teller's error catalogue. Every error a user or operator can meet has a stable `TELLER_ERR_*`
 * code to search for. Messages never contain secrets or personal data; details that might go in
 * `cause` are not logged unless the logger is told to.
 */
export const ERROR_CODES = {
  TELLER_ERR_INTERNAL: 'Unexpected error inside a handler',
  TELLER_ERR_CONFIG: 'Invalid or missing configuration',
  TELLER_ERR_NLU_NOT_TRAINED: 'The NLU was asked to parse before it was trained',
  TELLER_ERR_NLU_BAD_OPTIONS: 'An NLU was configured with invalid options',
  TELLER_ERR_NLU_NO_EXAMPLES: 'The NLU was asked to train on no examples',
  TELLER_ERR_NLU_BAD_MODEL: 'A saved NLU model is corrupt or of another format version',
  TELLER_ERR_NLU_CSV: 'An NLU training or evaluation CSV is malformed',
  TELLER_ERR_NLU_UNAVAILABLE: 'The remote NLU (Dialogflow) did not answer in time or failed',
  TELLER_ERR_NLU_AUTH: 'The remote NLU (Dialogflow) rejected our credentials',
  TELLER_ERR_NLU_REQUEST: 'The remote NLU (Dialogflow) rejected the request',
  TELLER_ERR_NLU_BAD_RESPONSE: 'The remote NLU (Dialogflow) answered without a result',
  TELLER_ERR_INTENT_INVALID: 'An intent definition is invalid',
  TELLER_ERR_INTENT_DUPLICATE: 'Two intents share one name',
  TELLER_ERR_NOT_LINKED: 'A handler needed bank data but the user has not linked an account',
  TELLER_ERR_CONNECTOR_AUTH: 'The bank rejected the stored grant',
  TELLER_ERR_CONNECTOR_UNAVAILABLE: 'The bank did not answer in time or failed',
  TELLER_ERR_CONNECTOR_QUERY: 'A connector was called with an invalid query',
  TELLER_ERR_CONNECTOR_TIMEOUT: 'The bank did not answer within the connector timeout',
  TELLER_ERR_CONNECTOR_CIRCUIT_OPEN:
    'Calls to the bank are paused after repeated failures (circuit breaker open); retried shortly',
  TELLER_ERR_CONNECTOR_BAD_RESPONSE: 'The bank answered with a payload the connector could not read',
  TELLER_ERR_CONNECTOR_WEBHOOK: 'A bank webhook failed verification (signature, body hash or age)',
  TELLER_ERR_CONNECTOR_CONFORMANCE: 'A connector module failed the conformance kit or could not be loaded',
  TELLER_ERR_LINK_TOKEN: 'A link token was unknown, used or expired',
  TELLER_ERR_LINK_STATE:
    'An OAuth callback did not match a pending link (unknown, used or expired state, or another browser)',
  TELLER_ERR_LINK_EXCHANGE:
    'The bank refused the authorization code (reused or expired code, PKCE, nonce or issuer mismatch)',
  TELLER_ERR_LINK_REFRESH: 'The bank refused to refresh a grant; the customer must link again',
  TELLER_ERR_LINK_REDIRECT: 'A Messenger account-linking redirect_uri is not on the allow-list',
  TELLER_ERR_LOCK_TIMEOUT: 'Could not serialise the user’s turn in time',
  TELLER_ERR_LOCK_LOST:
    'A turn lost its user lock (expired or taken over) and stopped before writing; it will be redelivered',
  TELLER_ERR_CHANNEL_SEND: 'A channel failed to deliver a reply',
  TELLER_ERR_STORAGE: 'Session storage failed',
  TELLER_ERR_RATE_LIMITED: 'A turn was turned away: the customer or the page is over its rate limit',
  TELLER_ERR_VAULT_DECRYPT:
    'A sealed token could not be opened (tampered, wrong user or connector, unknown key)',
  TELLER_ERR_VAULT_KEYS: 'TELLER_VAULT_KEYS is missing in production, or invalid',
  TELLER_ERR_CONSENT_INVALID: 'A consent ledger entry is invalid',
  TELLER_ERR_AUDIT_EVENT: 'An audit event carried a field outside the allow-list',
  TELLER_ERR_MESSENGER_SIGNATURE: 'A Messenger webhook signature or verify token was missing or invalid',
  TELLER_ERR_MESSENGER_PAYLOAD: 'A signed Messenger body was not a valid batch, or was too large',
  TELLER_ERR_MESSENGER_INBOX: 'A Messenger batch could not be stored, or an event failed in the consumer',
  TELLER_ERR_MESSENGER_GRAPH_REJECTED: 'The Graph API refused a call (policy, permission or invalid request)',
  TELLER_ERR_MESSENGER_GRAPH_UNAVAILABLE: 'The Graph API kept failing after retries',
  TELLER_ERR_MESSENGER_DEAD_LETTER:
    'A Messenger event failed too often and was moved to the dead-letter stream',
  TELLER_ERR_MESSENGER_PROFILE: 'The Messenger profile (greeting, menu) is invalid',
  TELLER_ERR_MESSENGER_CLOSED: 'The Messenger channel was used after close()',
  TELLER_ERR_HANDOFF_CONFLICT:
    'A handoff action does not fit the conversation’s state (already claimed, not yours, no longer queued)',
  TELLER_ERR_HANDOFF_WINDOW:
    'The channel no longer lets a person reply (Messenger: 7 days after the last message)',
  TELLER_ERR_HANDOFF_CHANNEL: 'No channel is registered to reach this conversation’s customer',
  TELLER_ERR_AGENT_CONFIG: 'The support-staff list (TELLER_AGENTS) is missing or invalid',
  TELLER_ERR_AGENT_AUTH: 'An agent sign-in failed or the agent is not signed in',
  TELLER_ERR_AGENT_CSRF: 'A console request carried no valid CSRF token',
  TELLER_ERR_ATM_IMPORT_FILE: 'An ATM data file could not be read (missing, unreadable or too large)',
  TELLER_ERR_ATM_IMPORT_FORMAT:
    'An ATM data file is not JSON in a known format (OSM GeoJSON, Overpass JSON, Open Banking ATM v2.3)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class TellerError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code], options);
    this.name = 'TellerError';
    this.code = code;
  }
}

/** The stable code of any thrown value: its own code when it carries a Teller one, else INTERNAL. */
export function errorCode(err: unknown): ErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in ERROR_CODES ? (code as ErrorCode) : 'TELLER_ERR_INTERNAL';
}
