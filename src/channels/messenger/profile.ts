import { GET_STARTED, intentPayload } from '../../engine/payloads';
import type { MessengerConfig } from './config';
import { MessengerError } from './errors';
import { GraphClient } from './graph-client';

export interface MenuItem {
  title: string;
  payload: string;
}

export interface MessengerProfileInput {
  /** Greeting shown before the first message (≤ 160 characters; may use {{user_first_name}}). */
  greeting: string;
  /** Persistent menu items; default: Balance, Spending, Find an ATM, Talk to a person, Privacy. */
  menu?: MenuItem[];
}

export type ProfileField = 'get_started' | 'greeting' | 'persistent_menu';

export interface ProfileSetupResult {
  /** Fields that differed from what the page had (and were posted, unless dryRun). */
  changed: ProfileField[];
  posted: boolean;
  dryRun: boolean;
}

export const DEFAULT_MENU: readonly MenuItem[] = [
  { title: 'Balance', payload: intentPayload('balance') },
  { title: 'Spending', payload: intentPayload('spending') },
  { title: 'Find an ATM', payload: intentPayload('atm.nearest') },
  { title: 'Talk to a person', payload: intentPayload('human') },
  { title: 'Privacy', payload: intentPayload('privacy.info') },
];

const GREETING_MAX = 160;
const MENU_TITLE_MAX = 30;
const MENU_ITEMS_MAX = 20;

interface Profile {
  get_started?: { payload: string };
  greeting?: { locale: string; text: string }[];
  persistent_menu?: {
    locale: string;
    composer_input_disabled: boolean;
    call_to_actions: { type: string; title: string; payload?: string; url?: string }[];
  }[];
}

/** The profile Teller wants the page to have. */
export function desiredProfile(input: MessengerProfileInput): Required<Profile> {
  const greeting = input.greeting.trim();
  if (!greeting || greeting.length > GREETING_MAX)
    throw new MessengerError(
      'TELLER_ERR_MESSENGER_PROFILE',
      `The greeting must be 1–${GREETING_MAX} characters`,
    );
  const menu = input.menu ?? DEFAULT_MENU;
  if (menu.length > MENU_ITEMS_MAX || menu.some((m) => !m.title.trim() || m.title.length > MENU_TITLE_MAX))
    throw new MessengerError(
      'TELLER_ERR_MESSENGER_PROFILE',
      `The menu takes at most ${MENU_ITEMS_MAX} items with 1–${MENU_TITLE_MAX} character titles`,
    );
  return {
    get_started: { payload: GET_STARTED },
    greeting: [{ locale: 'default', text: greeting }],
    persistent_menu: [
      {
        locale: 'default',
        composer_input_disabled: false,
        call_to_actions: menu.map((m) => ({ type: 'postback', title: m.title, payload: m.payload })),
      },
    ],
  };
}

/**
 * Sets the page's Get Started button, greeting and persistent menu. Idempotent: reads the current
 * profile first and posts only the fields that differ.
 */
export async function setupMessengerProfile(
  config: Pick<MessengerConfig, 'graphUrl' | 'pageAccessToken' | 'appSecret'>,
  input: MessengerProfileInput,
  options: { dryRun?: boolean; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<ProfileSetupResult> {
  const desired = desiredProfile(input);
  const graph = new GraphClient({ ...config, fetch: options.fetch, timeoutMs: options.timeoutMs });
  try {
    const current = await graph.call<{ data?: Profile[] }>('GET', '/me/messenger_profile', {
      query: { fields: 'get_started,greeting,persistent_menu' },
    });
    const have = current?.data?.[0] ?? {};
    const changed = (['get_started', 'greeting', 'persistent_menu'] as const).filter(
      (field) => canonical(field, have[field]) !== canonical(field, desired[field]),
    );
    const dryRun = options.dryRun ?? false;
    if (changed.length === 0 || dryRun) return { changed, posted: false, dryRun };
    const body = Object.fromEntries(changed.map((field) => [field, desired[field]]));
    await graph.call('POST', '/me/messenger_profile', { body });
    return { changed, posted: true, dryRun };
  } finally {
    graph.close();
  }
}

/** A comparable form of a profile field: known keys only, defaults filled, locales sorted. */
function canonical(field: ProfileField, value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (field === 'get_started') return JSON.stringify({ payload: (value as { payload?: unknown }).payload });
  if (!Array.isArray(value)) return 'null';
  if (field === 'greeting')
    return JSON.stringify(
      (value as { locale?: string; text?: string }[])
        .map((g) => ({ locale: g.locale, text: g.text }))
        .sort((a, b) => String(a.locale).localeCompare(String(b.locale))),
    );
  return JSON.stringify(
    (value as NonNullable<Profile['persistent_menu']>)
      .map((m) => ({
        locale: m.locale,
        composer_input_disabled: m.composer_input_disabled ?? false,
        call_to_actions: (m.call_to_actions ?? []).map((c) => ({
          type: c.type,
          title: c.title,
          payload: c.payload,
          url: c.url,
        })),
      }))
      .sort((a, b) => String(a.locale).localeCompare(String(b.locale))),
  );
}
