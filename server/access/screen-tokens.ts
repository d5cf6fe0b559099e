/**
 * Screen tokens: long-lived credentials of wall screens and integrations, each with a name and a
 * role. Only a hash of the token is stored; the token itself is shown once, when it is created.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Role } from "../../shared/wire.ts";
import type { Database } from "../platform/db.ts";
import { isRole } from "./principal.ts";
import type { AccessTables, ScreenTokenRow } from "./tables.ts";

export interface ScreenToken {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
  createdBy: string | null;
  lastSeenAt: number | null;
  lastSeenAddress: string | null;
  revokedAt: number | null;
}

function toToken(row: ScreenTokenRow): ScreenToken {
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : "viewer",
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastSeenAt: row.last_seen_at,
    lastSeenAddress: row.last_seen_address,
    revokedAt: row.revoked_at,
  };
}

export class ScreenTokensStore {
  readonly #db: Kysely<AccessTables>;

  constructor(database: Pick<Database, "db">) {
    this.#db = database.db.withTables<AccessTables>();
  }

  async create(input: {
    name: string;
    role: Role;
    tokenHash: string;
    at: number;
    createdBy: string | null;
  }): Promise<ScreenToken> {
    const row: ScreenTokenRow = {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      token_hash: input.tokenHash,
      created_at: input.at,
      created_by: input.createdBy,
      last_seen_at: null,
      last_seen_address: null,
      revoked_at: null,
    };
    await this.#db.insertInto("screen_tokens").values(row).execute();
    return toToken(row);
  }

  /** The unrevoked token with this hash. */
  async byHash(tokenHash: string): Promise<ScreenToken | null> {
    const row = await this.#db
      .selectFrom("screen_tokens")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async byId(id: string): Promise<ScreenToken | null> {
    const row = await this.#db
      .selectFrom("screen_tokens")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toToken(row) : null;
  }

  /** The unrevoked token of this name. */
  async byName(name: string): Promise<ScreenToken | null> {
    const row = await this.#db
      .selectFrom("screen_tokens")
      .selectAll()
      .where("name", "=", name)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return row ? toToken(row) : null;
  }

  /** Every token, revoked ones too (they stay as a record), newest first within a name. */
  async list(): Promise<ScreenToken[]> {
    const rows = await this.#db
      .selectFrom("screen_tokens")
      .selectAll()
      .orderBy("name")
      .orderBy("created_at", "desc")
      .execute();
    return rows.map(toToken);
  }

  /** Of these token ids, those not revoked. */
  async live(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.#db
      .selectFrom("screen_tokens")
      .select("id")
      .where("id", "in", [...ids])
      .where("revoked_at", "is", null)
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  /** Records a use; `address` left out keeps the last one known. */
  async touch(id: string, at: number, address?: string | null): Promise<void> {
    await this.#db
      .updateTable("screen_tokens")
      .set({ last_seen_at: at, ...(address !== undefined ? { last_seen_address: address } : {}) })
      .where("id", "=", id)
      .execute();
  }

  /** Answers false when there was no such unrevoked token. */
  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable("screen_tokens")
      .set({ revoked_at: at })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
