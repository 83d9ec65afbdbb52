import { createInterface } from 'node:readline';
import type { Bot } from '../../bot/create-bot';
import type { Outbound } from '../../engine/context';
import type { Button, QuickReply, Reply } from '../../engine/reply';
import { errorCode } from '../../engine/errors';
import { controlsOf, renderForTerminal } from './render';

export interface TerminalChatOptions {
  bot: Bot;
  userId: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Interactive (a TTY): show a prompt. */
  interactive: boolean;
}

/**
 * Chat with a bot from a terminal. Each line is one message; typing a button's label presses it;
 * the sandbox bank's "Link account" button asks for consent right here and the next line answers.
 */
export async function runTerminalChat(o: TerminalChatOptions): Promise<void> {
  const { bot, userId } = o;
  const write = (s: string) => void o.output.write(s + '\n');
  let controls: (Button | QuickReply)[] = [];
  let consentToken: string | undefined;

  const outbound: Outbound = {
    async send(_userId: string, reply: Reply) {
      write(`bot> ${renderForTerminal(reply).replace(/\n/g, '\n     ')}`);
      const fresh = controlsOf(reply);
      if (fresh.length > 0) controls = fresh;
    },
  };
  bot.engine.registerChannel('terminal', outbound);
  const user = { channel: 'terminal', userId };
  let seq = 0;

  const handleLine = async (line: string) => {
    const said = line.trim();
    if (!said) return;
    if (consentToken) {
      const token = consentToken;
      consentToken = undefined;
      if (/^(y|yes|allow|approve|ok)\b/i.test(said)) {
        await bot.linking.approve(token, bot.linking.defaultCustomer(user));
      } else {
        await bot.linking.decline(token);
      }
      return;
    }
    const control = controls.find((c) => c.title.toLowerCase() === said.toLowerCase());
    if (control && 'type' in control && control.type === 'link') {
      const token = new URL(control.url).searchParams.get('t') ?? '';
      const record = await bot.linking.inspect(token);
      const who =
        bot.linking.customers().find((c) => c.id === bot.linking.defaultCustomer(record))?.name ??
        'demo customer';
      write(
        `${bot.linking.connectorName} (sandbox consent): Teller asks for read-only access to your accounts, ` +
          `balances and transactions as ${who}. It can never move money. Allow? (yes/no)`,
      );
      consentToken = token;
      return;
    }
    if (control && 'type' in control && control.type === 'url') {
      write(`(opens ${control.url})`);
      return;
    }
    const messageId = `terminal-${process.pid}-${Date.now()}-${++seq}`;
    const turn =
      control && 'payload' in control
        ? { postback: { payload: control.payload, title: control.title } }
        : { text: said };
    await bot.engine.handle({ channel: 'terminal', userId, messageId, timestamp: Date.now(), ...turn });
  };

  const rl = createInterface({
    input: o.input,
    output: o.interactive ? o.output : undefined,
    terminal: o.interactive,
  });
  if (o.interactive) {
    write(
      `Chatting with ${bot.name} as "${userId}". Type a message, a [Button] label to press it, or Ctrl+D to quit.`,
    );
    rl.setPrompt('you> ');
    rl.prompt();
  }
  for await (const line of rl) {
    try {
      await handleLine(line);
    } catch (err) {
      write(`(${errorCode(err)}: ${err instanceof Error ? err.message : 'error'})`);
    }
    if (o.interactive) rl.prompt();
  }
}
