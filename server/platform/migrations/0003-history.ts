/**
 * The inspection office's history (server/history/sql-history.ts): every closed 15-minute
 * interval per line and per official, every finished call, and officials' presence on lines.
 * Counties, agencies and the province are sums of lines. Each row carries the metric-definition
 * version it was counted with; the primary keys make a second write of a record a no-op, so a
 * closed interval never changes.
 */
import type { CreateTableBuilder } from "kysely";
import type { Migration } from "./migration.ts";

/** Sums of seconds are fractional (an official's time is accounted to the millisecond). */
const SECONDS = "double precision";

const LINE_COUNTS = [
  "offered",
  "answered",
  "abandoned",
  "short_abandoned",
  "timed_out",
  "left_unanswered",
  "lost",
  "answered_in_sl",
  "lost_in_sl",
  "completed",
  "completed_in_sl",
  "switch_completed",
  "switch_completed_in_sl",
  "reconstructed",
] as const;

function counts<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  names: readonly string[],
  type: "integer" | typeof SECONDS,
): CreateTableBuilder<T, C> {
  let out = table;
  for (const name of names) {
    out = out.addColumn(name, type, (c) => c.notNull().defaultTo(0)) as CreateTableBuilder<T, C>;
  }
  return out;
}

export const historyMigration: Migration = {
  name: "0003-history",
  async up(db) {
    let lines = db.schema
      .createTable("history_line_intervals")
      .addColumn("line", "text", (c) => c.notNull())
      .addColumn("start", "bigint", (c) => c.notNull())
      .addColumn("county", "text")
      .addColumn("agency", "text")
      .addColumn("definitions", "text", (c) => c.notNull());
    lines = counts(lines, LINE_COUNTS, "integer");
    lines = counts(lines, ["wait_answered_sec", "talk_sec", "longest_wait_sec"], SECONDS);
    await lines.addPrimaryKeyConstraint("history_line_intervals_pk", ["line", "start"]).execute();
    await db.schema
      .createIndex("history_line_intervals_start")
      .on("history_line_intervals")
      .column("start")
      .execute();
    await db.schema
      .createIndex("history_line_intervals_county")
      .on("history_line_intervals")
      .columns(["county", "start"])
      .execute();

    let officials = db.schema
      .createTable("history_official_intervals")
      .addColumn("official", "text", (c) => c.notNull())
      .addColumn("start", "bigint", (c) => c.notNull())
      .addColumn("definitions", "text", (c) => c.notNull())
      .addColumn("answered", "integer", (c) => c.notNull().defaultTo(0));
    officials = counts(
      officials,
      ["talk_sec", "logged_in_sec", "available_sec", "on_call_sec", "paused_sec"],
      SECONDS,
    );
    await officials
      .addPrimaryKeyConstraint("history_official_intervals_pk", ["official", "start"])
      .execute();
    await db.schema
      .createIndex("history_official_intervals_start")
      .on("history_official_intervals")
      .column("start")
      .execute();

    await db.schema
      .createTable("history_calls")
      .addColumn("line", "text", (c) => c.notNull())
      .addColumn("call", "text", (c) => c.notNull())
      .addColumn("joined_at", "bigint", (c) => c.notNull())
      .addColumn("county", "text")
      .addColumn("agency", "text")
      .addColumn("caller", "text")
      .addColumn("official", "text")
      .addColumn("answered_at", "bigint")
      .addColumn("ended_at", "bigint", (c) => c.notNull())
      .addColumn("wait_sec", SECONDS, (c) => c.notNull())
      .addColumn("talk_sec", SECONDS, (c) => c.notNull())
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("definitions", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("history_calls_pk", ["line", "call", "joined_at"])
      .execute();
    await db.schema
      .createIndex("history_calls_ended")
      .on("history_calls")
      .column("ended_at")
      .execute();
    await db.schema
      .createIndex("history_calls_line_joined")
      .on("history_calls")
      .columns(["line", "joined_at"])
      .execute();
    await db.schema
      .createIndex("history_calls_official")
      .on("history_calls")
      .columns(["official", "ended_at"])
      .execute();

    await db.schema
      .createTable("history_presence")
      .addColumn("official", "text", (c) => c.notNull())
      .addColumn("line", "text", (c) => c.notNull())
      .addColumn("from_at", "bigint", (c) => c.notNull())
      .addColumn("to_at", "bigint", (c) => c.notNull())
      .addColumn("paused", "integer", (c) => c.notNull())
      .addColumn("definitions", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("history_presence_pk", ["official", "line", "from_at"])
      .execute();
    await db.schema
      .createIndex("history_presence_from")
      .on("history_presence")
      .column("from_at")
      .execute();
  },
};
