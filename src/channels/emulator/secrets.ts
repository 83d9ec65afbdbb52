import { randomBytes } from 'node:crypto';
import { TellerError } from '../../engine/errors';

/** The settings that connect Teller to a real Facebook app and Page. */
export const MESSENGER_SECRET_VARS = [
  'MESSENGER_APP_SECRET',
  'MESSENGER_VERIFY_TOKEN',
  'MESSENGER_PAGE_ACCESS_TOKEN',
] as const;

export interface LocalSecrets {
  appSecret: string;
  verifyToken: string;
  pageToken: string;
}

/** Fresh random secrets for one emulator run; they never leave this process. */
export function generateLocalSecrets(): LocalSecrets {
  return {
    appSecret: randomBytes(16).toString('hex'),
    verifyToken: randomBytes(12).toString('base64url'),
    pageToken: 'EAA' + randomBytes(48).toString('base64url'),
  };
}

/**
 * How `npm start` talks Messenger:
 * - `emulator` when none of the Messenger secrets is set: local development, the web chat at `/`;
 * - `messenger` when they are all set (or `MESSENGER_ENABLED=true`): the real Messenger channel;
 * - `off` when `MESSENGER_ENABLED=false`.
 * Setting only some secrets is a configuration error: a half-configured production bot must not
 * quietly start as a local emulator.
 */
export function messengerMode(env: NodeJS.ProcessEnv = process.env): 'emulator' | 'messenger' | 'off' {
  const flag = env.MESSENGER_ENABLED?.trim().toLowerCase();
  if (flag === 'false' || flag === '0' || flag === 'no') return 'off';
  const set = MESSENGER_SECRET_VARS.filter((k) => (env[k] ?? '').trim() !== '');
  if (set.length === MESSENGER_SECRET_VARS.length || flag === 'true' || flag === '1' || flag === 'yes')
    return 'messenger';
  if (set.length === 0) return 'emulator';
  const missing = MESSENGER_SECRET_VARS.filter((k) => !set.includes(k));
  throw new TellerError(
    'TELLER_ERR_CONFIG',
    `Messenger is partly configured: set ${missing.join(', ')} too, or unset ${set.join(', ')} to run the local emulator`,
  );
}
