/**
 * The event log in the database of record: the embedded default keeps it in SQLite, so
 * `npm start` survives a restart too. Entries follow in this process at once (appends notify),
 * and from other processes by polling (a second instance on the same PostgreSQL). Retention, as
 * for the Redis log, is by age.
 */
import type { Generated } from "kysely";
import type { Database } from "../platform/db.ts";
import {
  checkMessageSizes,
  DEFAULT_RETENTION_MS,
  type EntriesHandler,
  type EventLog,
  type LogEntry,
  type LogFollower,
} from "./event-log.ts";

type Tables = {
  event_log: { id: Generated<number>; appended_at: number; body: string };
};

export interface SqlLogOptions {
  /** @default Date.now */
  clock?: () => number;
  /** @default two days */
  retentionMs?: number;
  /** How often a follower looks for entries another process appended. @default 250 */
  pollMs?: number;
}

const READ_BATCH = 1_000;
/** Old entries are dropped once in this many appends. */
const TRIM_EVERY = 500;

export class SqlLog implements EventLog {
  readonly kind = "sql";
  readonly #database: Database;
  readonly #options: SqlLogOptions;
  #followers = new Set<SqlFollower>();
  #connected = true;
  #closed = false;
  #appends = 0;

  constructor(database: Database, options: SqlLogOptions = {}) {
    this.#database = database;
    this.#options = options;
  }

  get #db() {
    return this.#database.db.withTables<Tables>();
  }

  async append(messages: readonly string[]): Promise<string[]> {
    if (this.#closed) throw new Error("event log is closed");
    if (messages.length === 0) return [];
    checkMessageSizes(messages);
    const appendedAt = (this.#options.clock ?? Date.now)();
    const rows = await this.#tracked(
      this.#db
        .insertInto("event_log")
        .values(messages.map((body) => ({ appended_at: appendedAt, body })))
        .returning("id")
        .execute(),
    );
    this.#appends += 1;
    if (this.#appends % TRIM_EVERY === 0) void this.#trim(appendedAt);
    for (const follower of this.#followers) follower.wake();
    return rows.map((row) => String(row.id));
  }

  async read(after: string | null, limit: number): Promise<LogEntry[]> {
    const rows = await this.#tracked(
      this.#db
        .selectFrom("event_log")
        .select(["id", "appended_at", "body"])
        .where("id", ">", after === null ? 0 : Number(after))
        .orderBy("id")
        .limit(limit)
        .execute(),
    );
    return rows.map((row) => ({
      id: String(row.id),
      appendedAt: Number(row.appended_at),
      message: row.body,
    }));
  }

  follow(after: string | null, handler: EntriesHandler): LogFollower {
    const follower = new SqlFollower(this, after, handler, this.#options.pollMs ?? 250);
    this.#followers.add(follower);
    follower.wake();
    return {
      close: async () => {
        this.#followers.delete(follower);
        await follower.close();
      },
    };
  }

  isConnected(): boolean {
    return !this.#closed && this.#connected;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#followers].map((follower) => follower.close()));
    this.#followers.clear();
  }

  async #trim(now: number): Promise<void> {
    const before = now - (this.#options.retentionMs ?? DEFAULT_RETENTION_MS);
    await this.#db
      .deleteFrom("event_log")
      .where("appended_at", "<", before)
      .execute()
      .catch(() => undefined);
  }

  /** Remembers whether the database answered, for the health checks. */
  async #tracked<T>(work: Promise<T>): Promise<T> {
    try {
      const result = await work;
      this.#connected = true;
      return result;
    } catch (error) {
      this.#connected = false;
      throw error;
    }
  }
}

/** Reads on from its last entry whenever woken by an append here, or every `pollMs`. */
class SqlFollower {
  #after: string | null;
  #closed = false;
  #reading: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout;

  constructor(
    private readonly log: SqlLog,
    after: string | null,
    private readonly handler: EntriesHandler,
    pollMs: number,
  ) {
    this.#after = after;
    this.#timer = setInterval(() => this.wake(), pollMs);
  }

  wake(): void {
    if (this.#closed) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = this.#readAll().finally(() => {
      this.#reading = null;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  async #readAll(): Promise<void> {
    for (;;) {
      const entries = await this.log.read(this.#after, READ_BATCH).catch(() => []);
      if (this.#closed || entries.length === 0) return;
      this.#after = entries[entries.length - 1]!.id;
      this.handler(entries);
      if (entries.length < READ_BATCH) return;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#reading;
  }
}
