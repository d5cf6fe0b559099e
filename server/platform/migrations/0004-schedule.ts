/**
 * The published timetable: one row per session of an official on a line. Named
 * `schedule_sessions` because `sessions` already holds sign-in sessions (0001-access). Times are
 * epoch ms; a session lies within one Tehran day (the CSV import and the API refuse others).
 * `schedule_state` holds one revision number that every change raises, so each instance sharing
 * the database notices a change made through another and reloads its timetable.
 */
import type { Migration } from "./migration.ts";

export const scheduleMigration: Migration = {
  name: "0004-schedule",
  async up(db) {
    await db.schema
      .createTable("schedule_sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("official", "text", (c) => c.notNull())
      .addColumn("line", "text", (c) => c.notNull())
      .addColumn("starts_at", "bigint", (c) => c.notNull())
      .addColumn("ends_at", "bigint", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("created_by", "text")
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addColumn("updated_by", "text")
      .execute();
    await db.schema
      .createIndex("schedule_sessions_start")
      .on("schedule_sessions")
      .column("starts_at")
      .execute();
    await db.schema
      .createIndex("schedule_sessions_official_start")
      .on("schedule_sessions")
      .columns(["official", "starts_at"])
      .execute();
    await db.schema
      .createTable("schedule_state")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("revision", "bigint", (c) => c.notNull())
      .addColumn("seeded_at", "bigint")
      .execute();
  },
};
