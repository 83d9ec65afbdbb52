import { Command } from 'commander';
import { chatCommand } from './chat';

/** The `teller` command line. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('teller')
    .description('Teller: privacy-first banking chatbots on Messenger')
    .showHelpAfterError();

  program
    .command('chat')
    .description('chat with a bot in the terminal (one message per line when stdin is piped)')
    .option('--bot <name>', 'bot folder under bots/', 'demo-bank')
    .option('--user <id>', 'chat user id', 'terminal-user')
    .action((opts: { bot: string; user: string }) => chatCommand(opts));

  await program.parseAsync(argv);
}
