/** The live model's checkpoint in the database of record: one row, written by the leader. */
import type { Database } from "../platform/db.ts";
import type { CheckpointStore } from "./checkpoint-store.ts";
import type { Checkpoint } from "./live-model.ts";

type Tables = { live_state: { name: string; body: string; saved_at: number } };

export class SqlCheckpoints implements CheckpointStore {
  readonly #database: Database;
  readonly #name: string;

  /** `name` keeps apart the checkpoints of different logs sharing one database. */
  constructor(database: Database, name = "checkpoint") {
    this.#database = database;
    this.#name = name;
  }

  get #db() {
    return this.#database.db.withTables<Tables>();
  }

  async load(): Promise<Checkpoint | null> {
    const row = await this.#db
      .selectFrom("live_state")
      .select("body")
      .where("name", "=", this.#name)
      .executeTakeFirst();
    return row ? (JSON.parse(row.body) as Checkpoint) : null;
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const row = { name: this.#name, body: JSON.stringify(checkpoint), saved_at: Date.now() };
    await this.#db
      .insertInto("live_state")
      .values(row)
      .onConflict((conflict) =>
        conflict.column("name").doUpdateSet({ body: row.body, saved_at: row.saved_at }),
      )
      .execute();
  }
}
