import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A message the fake Graph API accepted. */
export interface Accepted {
  psid: string;
  text: string;
  /** Date.now() when accepted. */
  at: number;
}

/**
 * A local Graph API for the scale tests: accepts every Send API call and records it in arrival
 * order. `pause()` holds new calls before accepting them; `resume()` accepts the held calls whose
 * sender is still connected and drops the others (a process killed mid-call never got its message
 * accepted), as a server that never finished reading the request would.
 */
export class RecordingGraph {
  readonly accepted: Accepted[] = [];
  dropped = 0;
  private held: (() => void)[] | undefined;
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<RecordingGraph> {
    const ref: { self?: RecordingGraph } = {};
    const server = createServer((req, res) => void ref.self!.handle(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    ref.self = new RecordingGraph(server, `http://127.0.0.1:${port}/v23.0`);
    return ref.self;
  }

  pause(): void {
    this.held ??= [];
  }

  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const release of held) release();
  }

  close(): Promise<void> {
    this.resume();
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (this.held) {
      await new Promise<void>((r) => this.held!.push(r));
      if (res.destroyed || req.socket.destroyed) {
        this.dropped++;
        return;
      }
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
      recipient?: { id?: string };
      message?: { text?: string };
    };
    const psid = body.recipient?.id ?? '';
    res.setHeader('content-type', 'application/json');
    if (!body.message) return void res.end(JSON.stringify({ recipient_id: psid }));
    this.accepted.push({ psid, text: body.message.text ?? '', at: Date.now() });
    res.end(JSON.stringify({ recipient_id: psid, message_id: `m_graph_${++this.seq}` }));
  }
}
