/**
 * Migration 0005 chains the audit rows written before it, in order of id, so a trail kept since
 * the first version verifies from its first row, and new rows carry on the same chain.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditTrail } from "../../../server/access/audit-trail.ts";
import type { AccessTables } from "../../../server/access/tables.ts";
import { MIGRATIONS } from "../../../server/platform/migrations/index.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../support/database.ts";

describe.each(DIALECTS)("migration 0005 on %s", (dialect) => {
  let test: TestDatabase;
  beforeEach(() => {
    test = testDatabase(dialect);
  });
  afterEach(() => test.destroy());

  it("chains the rows written before it", async () => {
    const before = MIGRATIONS.filter((m) => m.name < "0005");
    const old = await test.open({ migrations: before });
    const rows = [1, 2, 3].map((i) => ({
      at: 1_700_000_000_000 + i,
      actor: "zahra",
      actor_kind: "account",
      actor_id: "a1",
      address: "10.0.0.1",
      action: "sign-in",
      subject: null,
      detail: JSON.stringify({ i }),
    }));
    // The table as version 0004 had it: no hash columns yet.
    await old.db
      .withTables<{ audit_trail: Omit<AccessTables["audit_trail"], "prev_hash" | "hash"> }>()
      .insertInto("audit_trail")
      .values(rows)
      .execute();
    await old.close();
    const database = await test.open();
    const audit = new AuditTrail(database);
    expect(await audit.verify()).toEqual({ rows: 3, broken: null });
    await audit.append({ at: 1_700_000_000_100, actor: { kind: "system" }, action: "x" });
    expect(await audit.verify()).toEqual({ rows: 4, broken: null });
  });
});
