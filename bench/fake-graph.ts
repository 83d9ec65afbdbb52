import { createServer, type IncomingMessage, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/** A message the fake Graph API accepted, with the time it arrived. */
export interface Received {
  psid: string;
  at: number;
  message: Record<string, unknown>;
}

/**
 * The Graph API as the benchmark sees it: a bare node:http server that accepts Send API calls at
 * once (`{recipient_id, message_id}`), answers profile calls, and hands each message to whoever
 * waits for that recipient. No validation: it must cost as little as possible.
 */
export class FakeGraph {
  private server?: Server;
  private readonly listeners = new Map<string, (r: Received) => void>();
  private seq = 0;
  messages = 0;
  senderActions = 0;
  port = 0;

  /** Calls `fn` for every message to `psid` until `off(psid)`. */
  on(psid: string, fn: (r: Received) => void): void {
    this.listeners.set(psid, fn);
  }

  off(psid: string): void {
    this.listeners.delete(psid);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const at = performance.now();
        let body: Record<string, unknown> = {};
        try {
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          // answered below like any other call
        }
        const psid = String((body.recipient as { id?: unknown } | undefined)?.id ?? '');
        res.setHeader('Content-Type', 'application/json');
        if (req.url?.includes('/messenger_profile'))
          return res.end(req.method === 'GET' ? '{"data":[]}' : '{"result":"success"}');
        if (body.sender_action) {
          this.senderActions++;
          return res.end(JSON.stringify({ recipient_id: psid }));
        }
        this.messages++;
        res.end(JSON.stringify({ recipient_id: psid, message_id: `m_bench_${++this.seq}` }));
        this.listeners.get(psid)?.({ psid, at, message: (body.message ?? {}) as Record<string, unknown> });
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
