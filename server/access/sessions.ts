/**
 * Browser sessions. The cookie carries a random secret; only its hash is stored, so a copy of the
 * database signs nobody in. A session ends on sign-out, at its idle or absolute limit, or with its
 * account (disabled) or screen token (revoked).
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../platform/db.ts";
import type { AccessTables, SessionRow } from "./tables.ts";

export interface Session {
  id: string;
  accountId: string | null;
  tokenId: string | null;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  expiresAt: number | null;
  address: string | null;
}

export interface NewSession {
  secretHash: string;
  accountId?: string;
  tokenId?: string;
  at: number;
  idleMs: number;
  /** Absolute lifetime; null: none (a screen's session lives as long as its token). */
  maxMs: number | null;
  address: string | null;
}

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    accountId: row.account_id,
    tokenId: row.token_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    idleExpiresAt: row.idle_expires_at,
    expiresAt: row.expires_at,
    address: row.address,
  };
}

export class SessionsStore {
  readonly #db: Kysely<AccessTables>;

  constructor(database: Pick<Database, "db">) {
    this.#db = database.db.withTables<AccessTables>();
  }

  async create(input: NewSession): Promise<Session> {
    const row: SessionRow = {
      id: randomUUID(),
      secret_hash: input.secretHash,
      account_id: input.accountId ?? null,
      token_id: input.tokenId ?? null,
      created_at: input.at,
      last_seen_at: input.at,
      idle_expires_at: input.at + input.idleMs,
      expires_at: input.maxMs === null ? null : input.at + input.maxMs,
      address: input.address,
    };
    await this.#db.insertInto("sessions").values(row).execute();
    return toSession(row);
  }

  /** The live session with this secret hash, or null when there is none or it has expired. */
  async find(secretHash: string, now: number): Promise<Session | null> {
    const row = await this.#db
      .selectFrom("sessions")
      .selectAll()
      .where("secret_hash", "=", secretHash)
      .where("idle_expires_at", ">", now)
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      .executeTakeFirst();
    return row ? toSession(row) : null;
  }

  /** Of these session ids, those still live at `now`. */
  async live(ids: readonly string[], now: number): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.#db
      .selectFrom("sessions")
      .select("id")
      .where("id", "in", [...ids])
      .where("idle_expires_at", ">", now)
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  /** Moves the idle limit on from `at`; never past the absolute limit, which `find` checks. */
  async touch(
    ids: readonly string[],
    at: number,
    idleMs: number,
    address?: string | null,
  ): Promise<void> {
    if (ids.length === 0) return;
    await this.#db
      .updateTable("sessions")
      .set({
        last_seen_at: at,
        idle_expires_at: at + idleMs,
        ...(address !== undefined ? { address } : {}),
      })
      .where("id", "in", [...ids])
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom("sessions").where("id", "=", id).execute();
  }

  async deleteForAccount(accountId: string): Promise<number> {
    const result = await this.#db
      .deleteFrom("sessions")
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteForToken(tokenId: string): Promise<number> {
    const result = await this.#db
      .deleteFrom("sessions")
      .where("token_id", "=", tokenId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Removes what has expired; answers how many. */
  async deleteExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom("sessions")
      .where((eb) => eb.or([eb("idle_expires_at", "<=", now), eb("expires_at", "<=", now)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
