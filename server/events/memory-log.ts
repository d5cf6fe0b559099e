/**
 * The event log in one process's memory: for tests and tools. Bounded by age and by count, like
 * the durable logs are by age. Ids are decimal sequence numbers.
 */
import {
  checkMessageSizes,
  DEFAULT_RETENTION_MS,
  type EntriesHandler,
  type EventLog,
  type LogEntry,
  type LogFollower,
} from "./event-log.ts";

export interface MemoryLogOptions {
  /** @default Date.now */
  clock?: () => number;
  /** @default two days */
  retentionMs?: number;
  /** @default 1_000_000 */
  maxEntries?: number;
}

export class MemoryLog implements EventLog {
  readonly kind = "memory";
  #entries: LogEntry[] = [];
  #nextSeq = 1;
  #followers = new Set<{ after: number; handler: EntriesHandler }>();
  #closed = false;
  readonly #clock: () => number;
  readonly #retentionMs: number;
  readonly #maxEntries: number;

  constructor(options: MemoryLogOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.#maxEntries = options.maxEntries ?? 1_000_000;
  }

  async append(messages: readonly string[]): Promise<string[]> {
    if (this.#closed) throw new Error("event log is closed");
    checkMessageSizes(messages);
    const appendedAt = this.#clock();
    const added = messages.map((message) => ({
      id: String(this.#nextSeq++),
      appendedAt,
      message,
    }));
    this.#entries.push(...added);
    this.#trim(appendedAt);
    // Delivered asynchronously, as a real log would.
    queueMicrotask(() => this.#deliver());
    return added.map((entry) => entry.id);
  }

  async read(after: string | null, limit: number): Promise<LogEntry[]> {
    const from = this.#indexAfter(after === null ? 0 : Number(after));
    return this.#entries.slice(from, from + limit);
  }

  follow(after: string | null, handler: EntriesHandler): LogFollower {
    const follower = { after: after === null ? 0 : Number(after), handler };
    this.#followers.add(follower);
    queueMicrotask(() => this.#deliver());
    return {
      close: async () => {
        this.#followers.delete(follower);
      },
    };
  }

  isConnected(): boolean {
    return !this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#followers.clear();
  }

  #deliver(): void {
    for (const follower of this.#followers) {
      const from = this.#indexAfter(follower.after);
      if (from >= this.#entries.length) continue;
      const entries = this.#entries.slice(from);
      follower.after = Number(entries[entries.length - 1]?.id ?? follower.after);
      follower.handler(entries);
    }
  }

  /** The index of the first entry with a sequence number above `seq`. */
  #indexAfter(seq: number): number {
    const first = Number(this.#entries[0]?.id ?? this.#nextSeq);
    return Math.max(0, Math.min(this.#entries.length, seq - first + 1));
  }

  #trim(now: number): void {
    let drop = Math.max(0, this.#entries.length - this.#maxEntries);
    while (
      drop < this.#entries.length &&
      now - this.#entries[drop]!.appendedAt > this.#retentionMs
    ) {
      drop += 1;
    }
    if (drop > 0) this.#entries.splice(0, drop);
  }
}
