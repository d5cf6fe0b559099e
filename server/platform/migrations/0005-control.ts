/**
 * Line control: the audit trail's hash chain (each row's hash over its content and the previous
 * row's hash; rows written before this migration are chained now, in order of id), the changes
 * shift leads schedule for later, and the line-control settings (apply the published schedule).
 */
import { GENESIS, rowHash, type ChainedContent } from "../../access/audit-chain.ts";
import { autoIncrementId, type Migration } from "./migration.ts";

export const controlMigration: Migration = {
  name: "0005-control",
  async up(db, dialect) {
    await db.schema.alterTable("audit_trail").addColumn("prev_hash", "text").execute();
    await db.schema.alterTable("audit_trail").addColumn("hash", "text").execute();
    const rows = (await db
      .selectFrom("audit_trail")
      .selectAll()
      .orderBy("id")
      .execute()) as ChainedContent[];
    let prev = GENESIS;
    for (const row of rows) {
      const hash = rowHash(row, prev);
      await db
        .updateTable("audit_trail")
        .set({ prev_hash: prev, hash })
        .where("id", "=", row.id)
        .execute();
      prev = hash;
    }

    await autoIncrementId(db.schema.createTable("scheduled_changes"), dialect)
      /** When it is due (epoch ms). */
      .addColumn("due_at", "bigint", (c) => c.notNull())
      /** The command request as JSON (shared/control.ts). */
      .addColumn("request", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("created_by", "text")
      .addColumn("created_by_kind", "text", (c) => c.notNull())
      .addColumn("created_by_id", "text")
      .addColumn("address", "text")
      /** pending, running, done, failed, cancelled. */
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("started_at", "bigint")
      .addColumn("audit_id", "bigint")
      .addColumn("result", "text")
      .execute();
    await db.schema
      .createIndex("scheduled_changes_due")
      .on("scheduled_changes")
      .columns(["state", "due_at"])
      .execute();

    await db.schema
      .createTable("control_settings")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
};
