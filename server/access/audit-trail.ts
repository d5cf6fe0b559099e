/**
 * The audit trail: who did what, when, from where. Append-only: the application has no way to
 * change or remove an entry, and each entry is chained by hash to the one before it
 * (audit-chain.ts), so a change made outside the application shows in `verify`.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../platform/db.ts";
import { firstBreak, GENESIS, rowHash, type ChainBreak, type ChainRow } from "./audit-chain.ts";
import type { Principal } from "./principal.ts";
import type { AccessTables, AuditRow } from "./tables.ts";

export type ActorKind = "account" | "token" | "system" | "anonymous";

export interface AuditActor {
  kind: ActorKind;
  id?: string | null;
  name?: string | null;
}

/** The actions written today; later issues add theirs. */
export type AuditAction =
  | "sign-in"
  | "sign-in.failed"
  | "sign-out"
  | "account.locked"
  | "account.created"
  | "account.disabled"
  | "account.enabled"
  | "account.password-changed"
  | "token.created"
  | "token.revoked"
  | "token.exchanged"
  | "setup.code-issued"
  | "setup.completed"
  | (string & {});

export interface AuditInput {
  at: number;
  actor: AuditActor;
  address?: string | null;
  action: AuditAction;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: { kind: ActorKind; id: string | null; name: string | null };
  address: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

export const SYSTEM: AuditActor = { kind: "system", name: "samad-live" };
export const ANONYMOUS: AuditActor = { kind: "anonymous" };

export function actorOf(principal: Principal): AuditActor {
  return { kind: principal.kind, id: principal.id, name: principal.name };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : { value };
  } catch {
    return { unparsed: text };
  }
}

function toEntry(row: AuditRow & { id: number }): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: { kind: row.actor_kind as ActorKind, id: row.actor_id, name: row.actor },
    address: row.address,
    action: row.action,
    subject: row.subject,
    detail: parseDetail(row.detail),
  };
}

export class AuditTrail {
  readonly #db: Kysely<AccessTables>;
  readonly #dialect: Database["dialect"];

  constructor(database: Pick<Database, "db" | "dialect">) {
    this.#db = database.db.withTables<AccessTables>();
    this.#dialect = database.dialect;
  }

  /**
   * Adds one entry, chained to the last, and answers its id, which grows with every entry. The
   * table is locked for writing while the entry is chained: two instances (or the command line
   * and the server) appending at once still make one chain.
   */
  async append(input: AuditInput): Promise<number> {
    return this.#db.connection().execute(async (db) => {
      await sql.raw(this.#dialect === "sqlite" ? "begin immediate" : "begin").execute(db);
      try {
        if (this.#dialect === "postgres")
          await sql`lock table audit_trail in exclusive mode`.execute(db);
        const last = await db
          .selectFrom("audit_trail")
          .select("hash")
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirst();
        const prev = last?.hash ?? GENESIS;
        const content = {
          at: input.at,
          actor: input.actor.name ?? null,
          actor_kind: input.actor.kind,
          actor_id: input.actor.id ?? null,
          address: input.address ?? null,
          action: input.action,
          subject: input.subject ?? null,
          detail: JSON.stringify(input.detail ?? {}),
        };
        const { id } = await db
          .insertInto("audit_trail")
          .values({ ...content, prev_hash: prev })
          .returning("id")
          .executeTakeFirstOrThrow();
        const hash = rowHash({ ...content, id: Number(id) }, prev);
        await db.updateTable("audit_trail").set({ hash }).where("id", "=", id).execute();
        await sql`commit`.execute(db);
        return Number(id);
      } catch (error) {
        await sql`rollback`.execute(db).catch(() => undefined);
        throw error;
      }
    });
  }

  /** One entry by its id, or null. */
  async get(id: number): Promise<AuditEntry | null> {
    const row = await this.#db
      .selectFrom("audit_trail")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toEntry(row as AuditRow & { id: number }) : null;
  }

  /** Checks the hash chain from the first row: how many rows, and the first that breaks it. */
  async verify(pageSize = 5_000): Promise<{ rows: number; broken: ChainBreak | null }> {
    let rows = 0;
    let prev = GENESIS;
    let afterId = -1;
    for (;;) {
      const page = (await this.#db
        .selectFrom("audit_trail")
        .selectAll()
        .where("id", ">", afterId)
        .orderBy("id")
        .limit(pageSize)
        .execute()) as ChainRow[];
      const { broken, lastHash } = firstBreak(page, prev);
      if (broken)
        return { rows: rows + page.findIndex((r) => Number(r.id) === broken.id) + 1, broken };
      rows += page.length;
      prev = lastHash;
      if (page.length < pageSize) return { rows, broken: null };
      afterId = Number(page[page.length - 1]?.id);
    }
  }

  /**
   * Entries in order of id: those at or after `from` and before `to` (epoch ms), after the entry
   * `afterId` (to page on), at most `limit`.
   */
  async range(
    query: { from?: number; to?: number; afterId?: number; limit?: number } = {},
  ): Promise<AuditEntry[]> {
    let select = this.#db.selectFrom("audit_trail").selectAll();
    if (query.from !== undefined) select = select.where("at", ">=", query.from);
    if (query.to !== undefined) select = select.where("at", "<", query.to);
    if (query.afterId !== undefined) select = select.where("id", ">", query.afterId);
    const rows = await select
      .orderBy("id")
      .limit(Math.min(query.limit ?? 1000, 10_000))
      .execute();
    return rows.map((row) => toEntry(row as AuditRow & { id: number }));
  }
}
