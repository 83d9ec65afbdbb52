import { Command, Option } from 'commander';
import { exportDialogflowCommand } from '../export/dialogflow';
import { messengerSetupCommand } from '../channels/messenger/setup-command';
import { hashPasswordCommand } from './agent';
import { atmImportCommand, type AtmImportOptions } from './atm';
import { auditCommand } from './audit';
import { chatCommand } from './chat';
import { connectorTestCommand } from './connector';
import { nluEvalCommand, nluParseCommand, type EvalCommandOptions, type ParseCommandOptions } from './nlu';
import type { RoleCommandOptions } from './role-command';
import { webCommand } from './web';
import { workerCommand } from './worker';

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

  program
    .command('web')
    .description('serve webhooks, pages and the agent console; turns go to the Redis inbox (needs REDIS_URL)')
    .option('--bot <name>', 'bot folder under bots/', 'demo-bank')
    .option('--port <port>', 'port to listen on (default PORT)')
    .action((opts: RoleCommandOptions) => webCommand(opts));

  program
    .command('worker')
    .description('run turns from the Redis inbox; /healthz and /metrics on --port (needs REDIS_URL)')
    .option('--bot <name>', 'bot folder under bots/', 'demo-bank')
    .option('--port <port>', 'port for /healthz and /metrics (default TELLER_WORKER_PORT, else 9464)')
    .action((opts: RoleCommandOptions) => workerCommand(opts));

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
    .command('atm')
    .description('ATM directory tools')
    .command('import')
    .argument('<file>', 'OSM GeoJSON, Overpass JSON or Open Banking ATM v2.3 JSON')
    .description('load ATMs into the Redis GEO directory (needs REDIS_URL); re-importing replaces by id')
    .addOption(
      new Option('--format <format>', 'file format (default: detected)').choices(['osm', 'overpass', 'ob']),
    )
    .option('--replace', 'replace the whole directory instead of adding to it')
    .option('--prefix <prefix>', 'Redis key prefix of the directory', 'teller:')
    .option('--currency <code>', 'currency of OSM charges that name none, e.g. GBP')
    .option('--timezone <iana>', "time zone of the ATMs' opening hours, e.g. Europe/London")
    .action(async (file: string, opts: AtmImportOptions) => {
      await atmImportCommand(file, opts);
    });

  program
    .command('connector')
    .description('tools for bank connectors')
    .command('test')
    .argument('<module>', 'sandbox, openbanking, plaid, or a path to your connector module')
    .description('run the connector conformance kit (money, dates, pagination, errors, revoke)')
    .option('--json', 'print one JSON report')
    .action((module: string, opts: { json?: boolean }) => connectorTestCommand(module, opts));

  program
    .command('agent')
    .description('support-staff console tools')
    .command('hash-password')
    .description('hash a console password for TELLER_AGENTS (typed without echo, or piped on stdin)')
    .option('--id <id>', 'print a whole TELLER_AGENTS entry for this agent id')
    .option('--name <name>', "the agent's display name (with --id)")
    .action((opts: { id?: string; name?: string }) => hashPasswordCommand(opts));

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
