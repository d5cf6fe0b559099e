/**
 * The migrator's view of PostgreSQL stays in the connection's own schema: it sees the tables
 * Kysely's own introspector sees there, none of another schema's, and does not fail while other
 * schemas are dropped around it (the race that once failed a CLI test in CI).
 */
import { type Kysely, PostgresIntrospector, sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { OwnSchemaIntrospector } from "../../../server/platform/postgres-introspector.ts";
import { PG_URL, testDatabase, type TestDatabase } from "../../support/database.ts";

describe("the PostgreSQL introspector the migrator uses", () => {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((test) => test.destroy()));
  });
  const fresh = () => {
    const test = testDatabase("postgres");
    made.push(test);
    return test;
  };

  it("sees its own schema's tables as Kysely's does, and no other schema's", async () => {
    const ours = await fresh().open();
    const theirs = fresh();
    await (await theirs.open()).close();
    const schema = ours.where.split("#")[1];

    const own = await new OwnSchemaIntrospector(ours.db).getTables({
      withInternalKyselyTables: true,
    });
    const kysely = (
      await new PostgresIntrospector(ours.db as Kysely<unknown>).getTables({
        withInternalKyselyTables: true,
      })
    ).filter((table) => table.schema === schema);

    expect(own.length).toBeGreaterThan(5);
    expect(own.every((table) => table.schema === schema)).toBe(true);
    expect(own).toEqual(kysely);
    const eventLog = own.find((table) => table.name === "event_log");
    expect(eventLog?.columns.find((c) => c.name === "id")?.isAutoIncrementing).toBe(true);

    const withoutKysely = await new OwnSchemaIntrospector(ours.db).getTables();
    expect(withoutKysely.map((t) => t.name)).not.toContain("kysely_migration");
  });

  it("keeps working while other schemas are created and dropped", async () => {
    const ours = await fresh().open();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const churn = "samad_test_churn_" + String(process.pid);
    let stop = false;
    const churning = (async () => {
      let rounds = 0;
      while (!stop || rounds < 10) {
        await admin.query(`create schema if not exists "${churn}"`);
        await admin.query(`create table if not exists "${churn}".t (id serial primary key)`);
        await admin.query(`drop schema "${churn}" cascade`);
        rounds += 1;
      }
    })();
    try {
      const introspector = new OwnSchemaIntrospector(ours.db);
      for (let i = 0; i < 100; i += 1) {
        const tables = await introspector.getTables({ withInternalKyselyTables: true });
        expect(tables.map((t) => t.name)).toContain("kysely_migration");
      }
    } finally {
      stop = true;
      await churning;
      await admin.query(`drop schema if exists "${churn}" cascade`);
      await admin.end();
    }
    expect((await sql<{ one: number }>`select 1 as one`.execute(ours.db)).rows[0]?.one).toBe(1);
  });
});
