import {
  initialRecord,
  queueScore,
  transition,
  type HandoffEvent,
  type HandoffRecord,
  type TransitionResult,
} from './state';

/** The outcome of applying an event: the transition's result plus the record before it. */
export type Applied = TransitionResult & { previous: HandoffRecord };

/** One queued conversation, in queue order. */
export interface QueueEntry {
  key: string;
  score: number;
}

/**
 * Where handoff state lives (Redis, or memory for a single process). `apply` runs the state machine
 * under compare-and-set: of two agents claiming one conversation, exactly one succeeds.
 */
export interface HandoffStore {
  get(key: string): Promise<HandoffRecord | undefined>;
  apply(key: string, event: HandoffEvent): Promise<Applied>;
  /** Queued conversations, first to be served first. */
  queue(limit?: number): Promise<QueueEntry[]>;
  /** 1-based place in the queue, or undefined when not queued. */
  position(key: string): Promise<number | undefined>;
  queueLength(): Promise<number>;
  /** Marks a conversation active now (for "recent conversations" and bot-resolution counting). */
  touch(key: string, at: number): Promise<void>;
  /** Conversations active since `since`, most recent first. */
  recent(since: number, limit?: number): Promise<string[]>;
  /** Removes and returns conversations idle since before `before` (each returned to one caller only). */
  takeIdle(before: number, limit?: number): Promise<string[]>;
  /** Remembers how long a claimed conversation waited (for wait estimates). */
  recordWait(ms: number): Promise<void>;
  /** Recent waits, newest first. */
  waits(): Promise<number[]>;
  /** Forgets a conversation's handoff state; true when there was any. */
  delete(key: string): Promise<boolean>;
}

export const WAIT_SAMPLES = 20;

/** In-process store: one process only, lost on restart. Records round-trip through JSON. */
export class MemoryHandoffStore implements HandoffStore {
  private readonly records = new Map<string, string>();
  private readonly queued = new Map<string, number>();
  private readonly active = new Map<string, number>();
  private waitList: number[] = [];

  async get(key: string): Promise<HandoffRecord | undefined> {
    const raw = this.records.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as HandoffRecord);
  }

  async apply(key: string, event: HandoffEvent): Promise<Applied> {
    // No await between read and write: concurrent callers in this process cannot interleave.
    const raw = this.records.get(key);
    const previous = raw === undefined ? initialRecord(event.at) : (JSON.parse(raw) as HandoffRecord);
    const result = transition(previous, event);
    if (result.ok) {
      this.records.set(key, JSON.stringify(result.record));
      if (result.record.state === 'queued') this.queued.set(key, queueScore(result.record));
      else this.queued.delete(key);
    }
    return { ...result, previous };
  }

  async queue(limit = 100): Promise<QueueEntry[]> {
    return [...this.queued]
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([key, score]) => ({ key, score }));
  }

  async position(key: string): Promise<number | undefined> {
    const i = (await this.queue(Infinity)).findIndex((e) => e.key === key);
    return i < 0 ? undefined : i + 1;
  }

  async queueLength(): Promise<number> {
    return this.queued.size;
  }

  async touch(key: string, at: number): Promise<void> {
    this.active.set(key, at);
  }

  async recent(since: number, limit = 50): Promise<string[]> {
    return [...this.active]
      .filter(([, at]) => at >= since)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([k]) => k);
  }

  async takeIdle(before: number, limit = 100): Promise<string[]> {
    const idle = [...this.active].filter(([, at]) => at < before).slice(0, limit);
    for (const [k] of idle) this.active.delete(k);
    return idle.map(([k]) => k);
  }

  async recordWait(ms: number): Promise<void> {
    this.waitList = [ms, ...this.waitList].slice(0, WAIT_SAMPLES);
  }

  async waits(): Promise<number[]> {
    return [...this.waitList];
  }

  async delete(key: string): Promise<boolean> {
    this.queued.delete(key);
    this.active.delete(key);
    return this.records.delete(key);
  }
}
