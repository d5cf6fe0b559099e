/**
 * The audit trail: who did what, when, from where. Append-only: the application has no way to
 * change or remove an entry (later issues chain the entries by hash and add actions; they keep
 * to `append` and range reads).
 */
import type { Kysely } from "kysely";
import type { Database } from "../platform/db.ts";
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

  constructor(database: Pick<Database, "db">) {
    this.#db = database.db.withTables<AccessTables>();
  }

  /** Adds one entry and answers its id, which grows with every entry. */
  async append(input: AuditInput): Promise<number> {
    const row = await this.#db
      .insertInto("audit_trail")
      .values({
        at: input.at,
        actor: input.actor.name ?? null,
        actor_kind: input.actor.kind,
        actor_id: input.actor.id ?? null,
        address: input.address ?? null,
        action: input.action,
        subject: input.subject ?? null,
        detail: JSON.stringify(input.detail ?? {}),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
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
