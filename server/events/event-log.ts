/**
 * The event log: the one durable, ordered record of what the switch said. Adapters append; every
 * server instance reads it from its checkpoint and follows it, so the live state is
 * `reduce(checkpoint, log after it)` and restarts, outages and extra instances change no figure.
 * Entries are serialized events (one JSON object each): every reader validates what it reads,
 * whoever appended it. Implementations: memory (tests), Redis Streams (several servers), SQL (the
 * embedded default, in the database of record). One contract suite covers them all.
 */

/** One entry as the log keeps it. `appendedAt` is the log's own clock (epoch ms). */
export interface LogEntry {
  /** Opaque, ordered within one log; a checkpoint keeps the last one applied. */
  id: string;
  appendedAt: number;
  message: string;
}

export type EntriesHandler = (entries: LogEntry[]) => void;

export interface LogFollower {
  /** Idempotent. */
  close(): Promise<void>;
}

export interface EventLog {
  readonly kind: "memory" | "redis" | "sql";
  /** Appends in order and resolves with the new entries' ids; a message too big is refused. */
  append(messages: readonly string[]): Promise<string[]>;
  /** At most `limit` entries after `after` (null: from the oldest kept), oldest first. */
  read(after: string | null, limit: number): Promise<LogEntry[]>;
  /**
   * Delivers every entry after `after`, in order, those there now and those appended later,
   * until closed. Survives a lost connection by resuming from the last entry delivered. The
   * handler must not throw.
   */
  follow(after: string | null, handler: EntriesHandler): LogFollower;
  isConnected(): boolean;
  /** Idempotent. */
  close(): Promise<void>;
}

/**
 * An event is well under a kilobyte; anything near this is garbage or hostile. Appends refuse it
 * and readers drop it before parsing, so one message cannot hold hundreds of megabytes.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** How long entries are kept. @default two days */
export const DEFAULT_RETENTION_MS = 2 * 86_400_000;

export class MessageTooLargeError extends Error {
  override name = "MessageTooLargeError";
}

/** Refuses a batch holding a message over the limit, before anything of it is appended. */
export function checkMessageSizes(messages: readonly string[]): void {
  for (const message of messages) {
    // A UTF-16 length under a quarter of the limit cannot exceed it in UTF-8.
    if (message.length * 3 > MAX_MESSAGE_BYTES && Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
      throw new MessageTooLargeError(`message of ${Buffer.byteLength(message)} bytes`);
    }
  }
}
