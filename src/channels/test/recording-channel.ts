import type { Outbound } from '../../engine/context';
import type { Engine } from '../../engine/engine';
import type { Button, QuickReply, Reply } from '../../engine/reply';
import { replyToPlainText } from '../../engine/reply';
import type { GeoPoint } from '../../engine/turn';

/**
 * A channel for tests and tools: it records every reply per user and lets a script talk to the
 * engine as a customer would — type text, press a button or quick reply by its label, share a
 * location.
 */
export class RecordingChannel implements Outbound {
  readonly replies = new Map<string, Reply[]>();
  readonly typingEvents: string[] = [];
  private seq = 0;

  constructor(
    private readonly engine: Engine,
    readonly name = 'test',
  ) {
    engine.registerChannel(name, this);
  }

  async send(userId: string, reply: Reply): Promise<void> {
    const list = this.replies.get(userId) ?? [];
    list.push(reply);
    this.replies.set(userId, list);
  }

  async typing(userId: string, on: boolean): Promise<void> {
    if (on) this.typingEvents.push(userId);
  }

  /** Replies to `userId` from index `from` on. */
  since(userId: string, from: number): Reply[] {
    return (this.replies.get(userId) ?? []).slice(from);
  }

  count(userId: string): number {
    return this.replies.get(userId)?.length ?? 0;
  }

  user(userId: string): TestUser {
    return new TestUser(this, this.engine, userId, () => `${this.name}-${++this.seq}`);
  }
}

export class TestUser {
  constructor(
    private readonly channel: RecordingChannel,
    private readonly engine: Engine,
    readonly id: string,
    private readonly nextId: () => string,
  ) {}

  get all(): Reply[] {
    return this.channel.replies.get(this.id) ?? [];
  }

  /** Sends text and returns the replies it produced. */
  async say(text: string, messageId = this.nextId()): Promise<Reply[]> {
    return this.turn({ text }, messageId);
  }

  async postback(payload: string, title?: string): Promise<Reply[]> {
    return this.turn({ postback: { payload, title } }, this.nextId());
  }

  async shareLocation(location: GeoPoint): Promise<Reply[]> {
    return this.turn({ location }, this.nextId());
  }

  /** Presses the most recent button or quick reply with this label. */
  async press(title: string): Promise<Reply[]> {
    const control = this.findControl(title);
    if (!control) throw new Error(`No button or quick reply labelled "${title}" in: ${this.transcript()}`);
    if ('payload' in control) return this.postback(control.payload, control.title);
    throw new Error(`"${title}" is a ${control.type} button: open its url instead`);
  }

  /** The most recent button or quick reply with this label. */
  findControl(title: string): Button | QuickReply | undefined {
    const wanted = title.trim().toLowerCase();
    for (const r of [...this.all].reverse()) {
      const controls: (Button | QuickReply)[] = [...(r.quickReplies ?? [])];
      if (r.type === 'buttons') controls.push(...r.buttons);
      if (r.type === 'cards') for (const c of r.cards) controls.push(...(c.buttons ?? []));
      const hit = controls.find((c) => c.title.toLowerCase() === wanted);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Everything the user has seen, as plain text. */
  transcript(): string {
    return this.all.map(replyToPlainText).join('\n---\n');
  }

  lastText(): string {
    const last = this.all[this.all.length - 1];
    return last ? replyToPlainText(last) : '';
  }

  private async turn(
    input: { text: string } | { postback: { payload: string; title?: string } } | { location: GeoPoint },
    messageId: string,
  ) {
    const before = this.channel.count(this.id);
    await this.engine.handle({
      channel: this.channel.name,
      userId: this.id,
      messageId,
      timestamp: Date.now(),
      ...input,
    });
    return this.channel.since(this.id, before);
  }
}
