import type { Response } from 'express';

/** What the web page receives over Server-Sent Events, one JSON object per event. */
export type HubEvent =
  /** A Send API message body's `message` (text, quick replies, attachment), as the bot sent it. */
  | { type: 'message'; mid: string; message: unknown; warnings?: string[] }
  /** What the user sent, echoed so a reloaded tab can show the whole conversation. */
  | { type: 'user'; mid: string; text: string }
  | { type: 'typing'; on: boolean };

interface Entry {
  backlog: { id: number; event: HubEvent }[];
  clients: Set<Response>;
}

export interface HubOptions {
  /** Events kept per PSID for reloads and reconnects; default 200. */
  backlog?: number;
  /** Conversations remembered (oldest forgotten first); default 1000. */
  maxUsers?: number;
  /** Keep-alive comment interval; default 15 s. */
  heartbeatMs?: number;
}

/**
 * Per-PSID fan-out of events to browser tabs over SSE. Each event gets an increasing id, so a tab
 * that reconnects (or reloads, passing `?after=`) receives exactly what it missed.
 */
export class EventHub {
  private readonly users = new Map<string, Entry>();
  /** Starts at the clock so ids keep increasing across restarts (a tab's `after` stays valid). */
  private seq = Date.now();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly backlog: number;
  private readonly maxUsers: number;

  constructor(o: HubOptions = {}) {
    this.backlog = o.backlog ?? 200;
    this.maxUsers = o.maxUsers ?? 1000;
    this.heartbeat = setInterval(() => {
      for (const entry of this.users.values()) for (const res of entry.clients) res.write(': ping\n\n');
    }, o.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /** True once the PSID has talked to the page (or opened the page), like a user Meta knows. */
  knows(psid: string): boolean {
    return this.users.has(psid);
  }

  private entry(psid: string): Entry {
    let entry = this.users.get(psid);
    if (entry) {
      this.users.delete(psid); // re-insert: Map order doubles as least-recently-used order
    } else {
      entry = { backlog: [], clients: new Set() };
      while (this.users.size >= this.maxUsers) {
        const oldest = [...this.users].find(([, e]) => e.clients.size === 0)?.[0];
        if (oldest === undefined) break;
        this.users.delete(oldest);
      }
    }
    this.users.set(psid, entry);
    return entry;
  }

  register(psid: string): void {
    this.entry(psid);
  }

  publish(psid: string, event: HubEvent): void {
    const entry = this.entry(psid);
    const id = ++this.seq;
    // Typing state is transient: deliver it live but don't replay it after a reload.
    if (event.type !== 'typing') {
      entry.backlog.push({ id, event });
      if (entry.backlog.length > this.backlog) entry.backlog.shift();
    }
    for (const res of entry.clients) write(res, id, event);
  }

  /** Serves `GET /emulator/events?psid=…`: replays what came after `after`, then streams. */
  subscribe(psid: string, after: number, res: Response): void {
    const entry = this.entry(psid);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 1000\n\n');
    for (const { id, event } of entry.backlog) if (id > after) write(res, id, event);
    res.write('event: ready\ndata: {}\n\n');
    entry.clients.add(res);
    res.on('close', () => entry.clients.delete(res));
  }

  /** Ends every open stream (server shutdown). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const entry of this.users.values()) for (const res of entry.clients) res.end();
    this.users.clear();
  }
}

function write(res: Response, id: number, event: HubEvent): void {
  res.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}
