import { loadMessengerConfig } from './config';
import { DEFAULT_MENU, setupMessengerProfile } from './profile';

/** The greeting set by `teller messenger setup` unless MESSENGER_GREETING overrides it. */
export const DEFAULT_GREETING =
  "Hi {{user_first_name}}! I'm Teller: balances, spending and nearby ATMs. Read-only, and I never keep your bank data.";

export interface SetupCommandDeps {
  env?: NodeJS.ProcessEnv;
  write?: (line: string) => void;
  fetch?: typeof fetch;
}

/**
 * `npx teller messenger setup [--dry-run]`: sets the page's Get Started button, greeting and
 * persistent menu from the environment (MESSENGER_* variables) and prints what changed.
 */
export async function messengerSetupCommand(
  opts: { dryRun?: boolean } = {},
  deps: SetupCommandDeps = {},
): Promise<void> {
  const env = deps.env ?? process.env;
  const write = deps.write ?? ((line: string) => void process.stdout.write(line + '\n'));
  const config = loadMessengerConfig(env, { required: true });
  const greeting = env.MESSENGER_GREETING?.trim() || DEFAULT_GREETING;
  const result = await setupMessengerProfile(
    config,
    { greeting, menu: [...DEFAULT_MENU] },
    { dryRun: opts.dryRun, fetch: deps.fetch },
  );
  if (result.changed.length === 0) {
    write('Messenger profile already up to date: nothing to change.');
    return;
  }
  const list = result.changed.join(', ');
  write(result.dryRun ? `Would update: ${list} (dry run, nothing sent).` : `Updated: ${list}.`);
}
