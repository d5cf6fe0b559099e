/**
 * The published timetable in the database of record. Every change runs in one transaction that
 * first raises the timetable's revision: that row's lock orders concurrent writers (PostgreSQL
 * with several instances), so the overlap check and the write see the same sessions. Listeners
 * hear of changes made here; other instances notice the revision (server/schedule/follow.ts).
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { overlaps } from "../../shared/schedule-input.ts";
import type { ScheduledSession } from "../../shared/schedule.ts";
import type { Database } from "../platform/db.ts";
import type { SessionsSource } from "./sessions-source.ts";

export interface StoredSession extends ScheduledSession {
  id: string;
  createdAt: number;
  createdBy: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

type SessionRow = {
  id: string;
  official: string;
  line: string;
  starts_at: number;
  ends_at: number;
  created_at: number;
  created_by: string | null;
  updated_at: number;
  updated_by: string | null;
};
type Tables = {
  schedule_sessions: SessionRow;
  schedule_state: { name: string; revision: number; seeded_at: number | null };
};

export type ScheduleErrorCode = "not-found" | "overlap" | "bad-session";

export class ScheduleError extends Error {
  override name = "ScheduleError";
  readonly code: ScheduleErrorCode;
  /** For an overlap: the stored session it meets. */
  readonly other: StoredSession | null;
  constructor(code: ScheduleErrorCode, message: string, other: StoredSession | null = null) {
    super(message);
    this.code = code;
    this.other = other;
  }
}

const STATE = "timetable";
const INSERT_BATCH = 100;

function toSession(row: SessionRow): StoredSession {
  return {
    id: row.id,
    official: row.official,
    line: row.line,
    start: Number(row.starts_at),
    end: Number(row.ends_at),
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}

function check(session: ScheduledSession): void {
  if (!(Number.isSafeInteger(session.start) && Number.isSafeInteger(session.end))) {
    throw new ScheduleError("bad-session", "start and end must be epoch milliseconds");
  }
  if (session.end <= session.start) {
    throw new ScheduleError("bad-session", "a session must end after it starts");
  }
}

export class SqlSessions implements SessionsSource {
  readonly #database: Pick<Database, "db">;
  readonly #clock: () => number;
  readonly #listeners = new Set<() => void>();

  constructor(database: Pick<Database, "db">, options: { clock?: () => number } = {}) {
    this.#database = database;
    this.#clock = options.clock ?? Date.now;
  }

  get #db(): Kysely<Tables> {
    return this.#database.db.withTables<Tables>();
  }

  /** Called after each change committed through this instance. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async between(from: number, to: number): Promise<StoredSession[]> {
    const rows = await this.#db
      .selectFrom("schedule_sessions")
      .selectAll()
      .where("starts_at", ">=", from)
      .where("starts_at", "<", to)
      .orderBy("starts_at")
      .orderBy("official")
      .execute();
    return rows.map(toSession);
  }

  async all(): Promise<StoredSession[]> {
    const rows = await this.#db
      .selectFrom("schedule_sessions")
      .selectAll()
      .orderBy("starts_at")
      .orderBy("official")
      .execute();
    return rows.map(toSession);
  }

  async get(id: string): Promise<StoredSession | null> {
    const row = await this.#db
      .selectFrom("schedule_sessions")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toSession(row) : null;
  }

  /** Raised by every change; 0 before the first. */
  async revision(): Promise<number> {
    const row = await this.#db
      .selectFrom("schedule_state")
      .select("revision")
      .where("name", "=", STATE)
      .executeTakeFirst();
    return row ? Number(row.revision) : 0;
  }

  /**
   * The first start: the reference data's sessions become the timetable. Once only, ever — an
   * admin who later deletes every session does not get them back. True when it seeded.
   */
  async seedIfNew(sessions: readonly ScheduledSession[], by: string): Promise<boolean> {
    const seeded = await this.#db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto("schedule_state")
        .values({ name: STATE, revision: 1, seeded_at: this.#clock() })
        .onConflict((c) => c.column("name").doNothing())
        .returning("name")
        .executeTakeFirst();
      if (!inserted) return false;
      await this.#insert(trx, sessions, by);
      return true;
    });
    if (seeded) this.#changed();
    return seeded;
  }

  /** Refused when it overlaps a stored session of the same official. */
  async add(session: ScheduledSession, by: string | null): Promise<StoredSession> {
    check(session);
    const [added] = await this.#write(async (trx) => {
      await this.#refuseOverlap(trx, session, null);
      return this.#insert(trx, [session], by);
    });
    return added as StoredSession;
  }

  async update(
    id: string,
    session: ScheduledSession,
    by: string | null,
  ): Promise<{ before: StoredSession; after: StoredSession }> {
    check(session);
    return this.#write(async (trx) => {
      const before = await this.#find(trx, id);
      await this.#refuseOverlap(trx, session, id);
      const now = this.#clock();
      const row = await trx
        .updateTable("schedule_sessions")
        .set({
          official: session.official,
          line: session.line,
          starts_at: session.start,
          ends_at: session.end,
          updated_at: now,
          updated_by: by,
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { before, after: toSession(row) };
    });
  }

  async remove(id: string): Promise<StoredSession> {
    return this.#write(async (trx) => {
      const before = await this.#find(trx, id);
      await trx.deleteFrom("schedule_sessions").where("id", "=", id).execute();
      return before;
    });
  }

  /**
   * The sessions starting in [from, to) become these (an imported timetable for those days).
   * Every new session must start in the range and not overlap a kept one of its official.
   */
  async replaceRange(
    from: number,
    to: number,
    sessions: readonly ScheduledSession[],
    by: string | null,
  ): Promise<{ removed: number; added: number }> {
    for (const session of sessions) {
      check(session);
      if (session.start < from || session.start >= to) {
        throw new ScheduleError("bad-session", "every session must start within the range");
      }
    }
    const clash = firstOverlap(sessions);
    if (clash) throw new ScheduleError("overlap", `${clash.official} has two sessions at once`);
    return this.#write(async (trx) => {
      const removed = await trx
        .deleteFrom("schedule_sessions")
        .where("starts_at", ">=", from)
        .where("starts_at", "<", to)
        .executeTakeFirst();
      for (const session of sessions) await this.#refuseOverlap(trx, session, null);
      await this.#insert(trx, sessions, by);
      return { removed: Number(removed.numDeletedRows), added: sessions.length };
    });
  }

  async #write<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
    const result = await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto("schedule_state")
        .values({ name: STATE, revision: 0, seeded_at: null })
        .onConflict((c) => c.column("name").doNothing())
        .execute();
      await trx
        .updateTable("schedule_state")
        .set((eb) => ({ revision: eb("revision", "+", 1) }))
        .where("name", "=", STATE)
        .execute();
      return work(trx);
    });
    this.#changed();
    return result;
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  async #find(trx: Transaction<Tables>, id: string): Promise<StoredSession> {
    const row = await trx
      .selectFrom("schedule_sessions")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new ScheduleError("not-found", "no such session");
    return toSession(row);
  }

  async #refuseOverlap(
    trx: Transaction<Tables>,
    session: ScheduledSession,
    except: string | null,
  ): Promise<void> {
    let query = trx
      .selectFrom("schedule_sessions")
      .selectAll()
      .where("official", "=", session.official)
      .where("starts_at", "<", session.end)
      .where("ends_at", ">", session.start);
    if (except) query = query.where("id", "!=", except);
    const row = await query.executeTakeFirst();
    if (row && overlaps(session, toSession(row))) {
      throw new ScheduleError(
        "overlap",
        "the official has another session at that time",
        toSession(row),
      );
    }
  }

  async #insert(
    trx: Transaction<Tables>,
    sessions: readonly ScheduledSession[],
    by: string | null,
  ): Promise<StoredSession[]> {
    if (sessions.length === 0) return [];
    const now = this.#clock();
    const rows: SessionRow[] = sessions.map((s) => ({
      id: randomUUID(),
      official: s.official,
      line: s.line,
      starts_at: s.start,
      ends_at: s.end,
      created_at: now,
      created_by: by,
      updated_at: now,
      updated_by: by,
    }));
    // Batches keep under SQLite's 32,766 bound variables and PostgreSQL's 65,535, and between
    // them other work runs: SQLite's writes are synchronous, and a season of sessions takes a while.
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      await trx
        .insertInto("schedule_sessions")
        .values(rows.slice(i, i + INSERT_BATCH))
        .execute();
    }
    return rows.map(toSession);
  }
}

/** A session of the list that overlaps an earlier one of the same official; null when none. */
function firstOverlap(sessions: readonly ScheduledSession[]): ScheduledSession | null {
  const sorted = [...sessions].sort(
    (a, b) => a.official.localeCompare(b.official) || a.start - b.start,
  );
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1] as ScheduledSession, sorted[i] as ScheduledSession];
    if (overlaps(a, b)) return b;
  }
  return null;
}
