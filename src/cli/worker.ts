import { roleCommand, type RoleCommandOptions } from './role-command';

/**
 * `teller worker`: consumes the Redis inbox and runs turns, each user's in order, across any number
 * of workers. Serves GET /healthz and GET /metrics on its own port. SIGTERM drains in-flight turns.
 */
export function workerCommand(opts: RoleCommandOptions): Promise<void> {
  return roleCommand('worker', opts);
}
