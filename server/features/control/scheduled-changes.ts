/**
 * Changes a shift lead schedules for later ("hand the line to the deputy at 10:00"), kept in the
 * database of record (migration 0005) so they survive a restart. A due change is claimed by one
 * conditional update from `pending` to `running`: whichever instance claims it runs it, once,
 * even if two briefly both think they lead.
 */
import type { Kysely } from "kysely";
import { commandRequestSchema, type CommandRequest } from "../../../shared/control.ts";
import type { AuditActor, ActorKind } from "../../access/audit-trail.ts";
import type { Database } from "../../platform/db.ts";

export type ScheduledState = "pending" | "running" | "done" | "failed" | "cancelled";

type ScheduledRow = {
  id: number;
  due_at: number;
  request: string;
  created_at: number;
  created_by: string | null;
  created_by_kind: string;
  created_by_id: string | null;
  address: string | null;
  state: string;
  started_at: number | null;
  audit_id: number | null;
  result: string | null;
};

type Tables = { scheduled_changes: Omit<ScheduledRow, "id"> & { id: number | undefined } };

export interface ScheduledChange {
  id: number;
  dueAt: number;
  request: CommandRequest;
  createdAt: number;
  by: AuditActor;
  address: string | null;
  state: ScheduledState;
  /** The audit entry of its run. */
  auditId: number | null;
  /** The command's status when it ran, or why it did not. */
  result: string | null;
}

function toChange(row: ScheduledRow): ScheduledChange | null {
  const parsed = commandRequestSchema.safeParse(JSON.parse(row.request));
  if (!parsed.success) return null;
  return {
    id: Number(row.id),
    dueAt: Number(row.due_at),
    request: parsed.data,
    createdAt: Number(row.created_at),
    by: {
      kind: row.created_by_kind as ActorKind,
      id: row.created_by_id,
      name: row.created_by,
    },
    address: row.address,
    state: row.state as ScheduledState,
    auditId: row.audit_id === null ? null : Number(row.audit_id),
    result: row.result,
  };
}

export class ScheduledChanges {
  readonly #db: Kysely<Tables>;

  constructor(database: Pick<Database, "db">) {
    this.#db = database.db.withTables<Tables>();
  }

  async add(input: {
    dueAt: number;
    request: CommandRequest;
    at: number;
    by: AuditActor;
    address: string | null;
  }): Promise<ScheduledChange> {
    const row = await this.#db
      .insertInto("scheduled_changes")
      .values({
        due_at: input.dueAt,
        request: JSON.stringify(input.request),
        created_at: input.at,
        created_by: input.by.name ?? null,
        created_by_kind: input.by.kind,
        created_by_id: input.by.id ?? null,
        address: input.address,
        state: "pending",
        started_at: null,
        audit_id: null,
        result: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toChange(row as ScheduledRow) as ScheduledChange;
  }

  /** Changes in order of due time; pending ones and those of the last `recentMs`. */
  async list(now: number, recentMs = 86_400_000): Promise<ScheduledChange[]> {
    const rows = await this.#db
      .selectFrom("scheduled_changes")
      .selectAll()
      .where((eb) => eb.or([eb("state", "=", "pending"), eb("due_at", ">=", now - recentMs)]))
      .orderBy("due_at")
      .orderBy("id")
      .limit(1000)
      .execute();
    return rows.flatMap((row) => toChange(row as ScheduledRow) ?? []);
  }

  async get(id: number): Promise<ScheduledChange | null> {
    const row = await this.#db
      .selectFrom("scheduled_changes")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toChange(row as ScheduledRow) : null;
  }

  /** Cancels a change that has not started; false when there is none pending. */
  async cancel(id: number): Promise<boolean> {
    const result = await this.#db
      .updateTable("scheduled_changes")
      .set({ state: "cancelled" })
      .where("id", "=", id)
      .where("state", "=", "pending")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Claims the changes due at `now`: each is returned to one caller only, ever. */
  async claimDue(now: number, limit = 20): Promise<ScheduledChange[]> {
    const due = await this.#db
      .selectFrom("scheduled_changes")
      .select("id")
      .where("state", "=", "pending")
      .where("due_at", "<=", now)
      .orderBy("due_at")
      .orderBy("id")
      .limit(limit)
      .execute();
    const claimed: ScheduledChange[] = [];
    for (const { id } of due) {
      const row = await this.#db
        .updateTable("scheduled_changes")
        .set({ state: "running", started_at: now })
        .where("id", "=", Number(id))
        .where("state", "=", "pending")
        .returningAll()
        .executeTakeFirst();
      const change = row ? toChange(row as ScheduledRow) : null;
      if (change) claimed.push(change);
      else if (row) await this.finish(Number(id), "failed", null, "unreadable request");
    }
    return claimed;
  }

  async finish(
    id: number,
    state: "done" | "failed",
    auditId: number | null,
    result: string,
  ): Promise<void> {
    await this.#db
      .updateTable("scheduled_changes")
      .set({ state, audit_id: auditId, result })
      .where("id", "=", id)
      .execute();
  }

  /**
   * Changes left `running` by an instance that stopped mid-run: they are not run again (the
   * switch may have done them); they are marked failed, for a person to look at.
   */
  async abandonRunning(before: number): Promise<number[]> {
    const rows = await this.#db
      .updateTable("scheduled_changes")
      .set({ state: "failed", result: "interrupted: the server stopped while it ran" })
      .where("state", "=", "running")
      .where("started_at", "<", before)
      .returning("id")
      .execute();
    return rows.map((row) => Number(row.id));
  }
}
