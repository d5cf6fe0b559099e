/**
 * The live side's records: the event log of the embedded default (SQLite, or PostgreSQL when
 * several instances share one), and the live model's checkpoint and the simulation it carries on.
 */
import { autoIncrementId, type Migration } from "./migration.ts";

export const liveMigration: Migration = {
  name: "0002-live",
  async up(db, dialect) {
    await autoIncrementId(db.schema.createTable("event_log"), dialect)
      .addColumn("appended_at", "bigint", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("event_log_appended_at")
      .on("event_log")
      .column("appended_at")
      .execute();
    await db.schema
      .createTable("live_state")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("saved_at", "bigint", (c) => c.notNull())
      .execute();
  },
};
