import { Command } from 'commander';
import { exportDialogflowCommand } from '../export/dialogflow';
import { messengerSetupCommand } from '../channels/messenger/setup-command';
import { auditCommand } from './audit';
import { chatCommand } from './chat';
import { nluEvalCommand, nluParseCommand, type EvalCommandOptions, type ParseCommandOptions } from './nlu';

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

  const nlu = program.command('nlu').description('evaluate and try the NLU');
  nlu
    .command('eval')
    .description('train on a CSV and evaluate on another (--test) or by cross-validation (--cv K)')
    .requiredOption('--train <csv>', 'training CSV: a text column and a category/intent/label column')
    .option('--test <csv>', 'held-out CSV (rows labelled oos or out_of_scope mean "no intent")')
    .option('--cv <k>', 'stratified K-fold cross-validation on the training CSV')
    .option('--threshold <t>', 'out-of-scope confidence threshold (0..1)')
    .option('--margin <m>', 'out-of-scope margin between the top two intents (0..1)')
    .option('--json', 'print one JSON object')
    .action((opts: EvalCommandOptions) => nluEvalCommand(opts));
  nlu
    .command('parse')
    .description('read lines on stdin, write one JSON line per input')
    .option('--bot <name>', "use a bot's intents (default demo-bank)")
    .option('--train <csv>', 'train on this CSV instead')
    .option('--timezone <iana>', 'timezone for date entities')
    .action((opts: ParseCommandOptions) => nluParseCommand(opts));

  program
    .command('messenger')
    .description('Messenger page tools')
    .command('setup')
    .description('set the Get Started button, greeting and persistent menu (idempotent)')
    .option('--dry-run', 'show what would change without changing it')
    .action((opts: { dryRun?: boolean }) => messengerSetupCommand(opts));

  program
    .command('audit')
    .description(
      "print a user's audit trail of bank calls (who, scope, intent, when, outcome — never figures)",
    )
    .requiredOption('--user <id>', 'the user key, e.g. messenger:1234567890')
    .option('--json', 'one JSON object per line')
    .option('--limit <n>', 'most recent N events')
    .action((opts: { user: string; json?: boolean; limit?: string }) =>
      auditCommand({ user: opts.user, json: opts.json, limit: opts.limit ? Number(opts.limit) : undefined }),
    );

  program
    .command('export')
    .description('export the bot to another platform')
    .command('dialogflow')
    .description("write the bot's intents and examples as a Dialogflow ES agent (import format)")
    .requiredOption('--out <zip>', 'where to write the agent zip')
    .option('--bot <name>', 'bot folder under bots/', 'demo-bank')
    .option('--language <code>', 'agent language', 'en')
    .option('--timezone <iana>', 'agent default timezone')
    .option('--webhook-url <url>', 'fulfillment URL (your PUBLIC_URL + /webhooks/dialogflow)')
    .action(
      async (opts: {
        out: string;
        bot: string;
        language: string;
        timezone?: string;
        webhookUrl?: string;
      }) => {
        await exportDialogflowCommand(opts);
      },
    );

  await program.parseAsync(argv);
}
