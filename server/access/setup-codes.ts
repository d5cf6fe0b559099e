/** One-time setup codes: the first admin is created through one, within its day, once. */
import type { Kysely } from "kysely";
import type { Database } from "../platform/db.ts";
import type { AccessTables } from "./tables.ts";

export class SetupCodesStore {
  readonly #db: Kysely<AccessTables>;

  constructor(database: Pick<Database, "db">) {
    this.#db = database.db.withTables<AccessTables>();
  }

  async create(codeHash: string, at: number, validMs: number): Promise<void> {
    await this.#db
      .insertInto("setup_codes")
      .values({ code_hash: codeHash, created_at: at, expires_at: at + validMs, used_at: null })
      .execute();
  }

  /** True when the code was unused and unexpired; it is used from now on. Atomic. */
  async consume(codeHash: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable("setup_codes")
      .set({ used_at: now })
      .where("code_hash", "=", codeHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** True when the code could be used now (for the setup page to say so before the form). */
  async isValid(codeHash: string, now: number): Promise<boolean> {
    const row = await this.#db
      .selectFrom("setup_codes")
      .select("code_hash")
      .where("code_hash", "=", codeHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return row !== undefined;
  }
}
