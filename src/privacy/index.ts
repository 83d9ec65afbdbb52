export type { PersonalDataStore } from './erasable';
export { TellerPrivacy, type ErasureRecord, type TellerPrivacyOptions } from './privacy';
export { consentStore, linkStore, sessionStore, type ConnectorInfo } from './stores';
export {
  CARD_NUMBER_WARNING,
  CARD_REDACTION,
  luhnValid,
  redactCardNumbers,
  redactInboundCardNumbers,
  type Redaction,
} from './card-numbers';
export { cardNumberGuard } from './card-guard';
export { ConsentReconfirmation, type ReconfirmationOptions } from './reconfirm';
export {
  PRIVACY_MODES,
  PRIVACY_MODE_SETTING,
  effectiveMode,
  privacyModeFrom,
  type PrivacyMode,
} from './mode';
export {
  SECURE_VIEW_PATH,
  SECURE_VIEW_TTL_MS,
  SecureViews,
  type SecureViewOutcome,
  type SecureViewRecord,
} from './secure-views';
export { TellerPrivacyGate, type PrivacyGate } from './gate';
