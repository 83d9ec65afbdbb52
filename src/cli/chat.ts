import Redis from 'ioredis';
import { loadBotFactory } from '../bot/registry';
import { runTerminalChat } from '../channels/terminal/terminal-chat';
import { loadConfig } from '../config/config';
import { silentLogger } from '../logging/logger';

export interface ChatCommandOptions {
  bot: string;
  user: string;
}

/** `teller chat`: talk to a bot in the terminal (interactive on a TTY, line by line when piped). */
export async function chatCommand(opts: ChatCommandOptions): Promise<void> {
  const config = loadConfig();
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
  const bot = await loadBotFactory(opts.bot)({
    redis,
    publicUrl: config.PUBLIC_URL,
    logger: silentLogger(),
    cacheDir: config.TELLER_CACHE_DIR,
  });
  try {
    await bot.init();
    await runTerminalChat({
      bot,
      userId: opts.user,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
    });
  } finally {
    await bot.close();
    await redis?.quit();
  }
}
