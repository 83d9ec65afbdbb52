import { TellerError } from '../engine/errors';
import type { IntentDefinition, PrivacyMode } from '../engine/intent';
import { requiresBank } from '../engine/understand';

export type { PrivacyMode } from '../engine/intent';

export const PRIVACY_MODES: readonly PrivacyMode[] = ['inline', 'secure-view'];
/** The environment setting the demo bot reads. */
export const PRIVACY_MODE_SETTING = 'TELLER_PRIVACY_MODE';

/** Parses `TELLER_PRIVACY_MODE` (unset or empty means `inline`). */
export function privacyModeFrom(value: string | undefined): PrivacyMode {
  const v = (value ?? '').trim();
  if (v === '') return 'inline';
  if ((PRIVACY_MODES as readonly string[]).includes(v)) return v as PrivacyMode;
  throw new TellerError(
    'TELLER_ERR_CONFIG',
    `${PRIVACY_MODE_SETTING} must be one of ${PRIVACY_MODES.join(', ')} (got "${v.slice(0, 40)}")`,
  );
}

/**
 * How this intent's answer is shown: its own `privacy` setting wins over the bot's. Only intents
 * that read the bank have figures to protect; the others always answer in the chat.
 */
export function effectiveMode(intent: IntentDefinition, botMode: PrivacyMode): PrivacyMode {
  if (!requiresBank(intent)) return 'inline';
  return intent.privacy ?? botMode;
}
