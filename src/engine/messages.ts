import type { ErrorCode } from './errors';

/** What the customer reads when a turn fails: calm, specific where it helps, never technical. */
export function calmMessage(code: ErrorCode): string {
  switch (code) {
    case 'TELLER_ERR_CONNECTOR_UNAVAILABLE':
    case 'TELLER_ERR_CONNECTOR_TIMEOUT':
    case 'TELLER_ERR_CONNECTOR_CIRCUIT_OPEN':
    case 'TELLER_ERR_CONNECTOR_BAD_RESPONSE':
      return "Your bank isn't answering right now. Please try again in a few minutes.";
    case 'TELLER_ERR_CONNECTOR_AUTH':
    case 'TELLER_ERR_NOT_LINKED':
      return 'Your bank no longer accepts the link I had — it may have expired or been revoked. Say "link my account" to connect again.';
    case 'TELLER_ERR_LOCK_TIMEOUT':
      return "I'm still working on your previous message. Please give me a moment and try again.";
    default:
      return 'Sorry, something went wrong on my side. Nothing has changed in your accounts. Please try again in a moment.';
  }
}
