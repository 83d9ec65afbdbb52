import { roleCommand, type RoleCommandOptions } from './role-command';

/**
 * `teller web`: serves the webhooks, pages and the agent console. Every turn goes to the Redis inbox
 * for `teller worker` processes; the two share nothing but Redis.
 */
export function webCommand(opts: RoleCommandOptions): Promise<void> {
  return roleCommand('web', opts);
}
