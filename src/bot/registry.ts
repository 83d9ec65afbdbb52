import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RedisClient } from '../redis/connect';
import { TellerError } from '../engine/errors';
import type { Logger } from '../logging/logger';
import type { Bot } from './create-bot';

/** What a bot folder's `bot.ts` receives: the process-level resources it should use. */
export interface BotFactoryOptions {
  redis?: RedisClient;
  publicUrl: string;
  logger?: Logger;
  cacheDir?: string;
  now?: () => Date;
}

export type BotFactory = (options: BotFactoryOptions) => Promise<Bot>;

export const BOTS_DIR = resolve(__dirname, '..', '..', 'bots');

/** Loads `bots/<name>/bot.ts` (default export: a BotFactory). */
export function loadBotFactory(name: string, dir = BOTS_DIR): BotFactory {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new TellerError('TELLER_ERR_CONFIG', `Invalid bot name: ${name}`);
  const file = join(dir, name, 'bot.ts');
  if (!existsSync(file)) throw new TellerError('TELLER_ERR_CONFIG', `No bot at ${file}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { default?: unknown };
  if (typeof mod.default !== 'function')
    throw new TellerError('TELLER_ERR_CONFIG', `${file} must default-export a bot factory`);
  return mod.default as BotFactory;
}
