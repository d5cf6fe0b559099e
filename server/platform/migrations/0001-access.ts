/**
 * Who may sign in and what they did: accounts, browser sessions, screen tokens, one-time setup
 * codes and the append-only audit trail (server/access/).
 */
import { sql } from "kysely";
import { autoIncrementId, type Migration } from "./migration.ts";

export const accessMigration: Migration = {
  name: "0001-access",
  async up(db, dialect) {
    await db.schema
      .createTable("accounts")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("locked_until", "bigint")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("screen_tokens")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("created_by", "text")
      .addColumn("last_seen_at", "bigint")
      .addColumn("last_seen_address", "text")
      .addColumn("revoked_at", "bigint")
      .execute();
    // A name may be reused once its token is revoked, never twice at once.
    await db.schema
      .createIndex("screen_tokens_live_name")
      .on("screen_tokens")
      .column("name")
      .unique()
      .where(sql.ref("revoked_at"), "is", null)
      .execute();

    await db.schema
      .createTable("sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("secret_hash", "text", (c) => c.notNull().unique())
      .addColumn("account_id", "text", (c) => c.references("accounts.id").onDelete("cascade"))
      .addColumn("token_id", "text", (c) => c.references("screen_tokens.id").onDelete("cascade"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_seen_at", "bigint", (c) => c.notNull())
      .addColumn("idle_expires_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint")
      .addColumn("address", "text")
      .execute();
    await db.schema.createIndex("sessions_account").on("sessions").column("account_id").execute();
    await db.schema.createIndex("sessions_token").on("sessions").column("token_id").execute();

    await db.schema
      .createTable("setup_codes")
      .addColumn("code_hash", "text", (c) => c.primaryKey())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .execute();

    await autoIncrementId(db.schema.createTable("audit_trail"), dialect)
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("actor", "text")
      .addColumn("actor_kind", "text", (c) => c.notNull())
      .addColumn("actor_id", "text")
      .addColumn("address", "text")
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("subject", "text")
      .addColumn("detail", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await db.schema.createIndex("audit_trail_at").on("audit_trail").column("at").execute();
  },
};
