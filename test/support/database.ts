/**
 * A fresh database of record per test: a SQLite file in a temporary directory, or a schema of its
 * own on the real PostgreSQL (TEST_DATABASE_URL, default 127.0.0.1:5432/test), dropped after.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database, type DatabaseOptions } from "../../server/platform/db.ts";

export const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type DialectUnderTest = "sqlite" | "postgres";
export const DIALECTS: readonly DialectUnderTest[] = ["sqlite", "postgres"];

export interface TestDatabase {
  dialect: DialectUnderTest;
  /** Opens (again) the same data: a restart. */
  open(options?: Partial<DatabaseOptions>): Promise<Database>;
  /** What `openDatabase` needs to find the same data, e.g. for a child process's environment. */
  env: Record<string, string>;
  /** The options `openDatabase` takes for the same data. */
  options: DatabaseOptions;
  /** Closes what `open` opened and deletes the data. */
  destroy(): Promise<void>;
}

export function testDatabase(dialect: DialectUnderTest): TestDatabase {
  const opened: Database[] = [];
  const stateDir = mkdtempSync(path.join(tmpdir(), "samad-db-"));
  const schema = `samad_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const options: DatabaseOptions =
    dialect === "sqlite" ? { url: null, stateDir } : { url: PG_URL, stateDir, schema };
  return {
    dialect,
    options,
    env:
      dialect === "sqlite"
        ? { STATE_DIR: stateDir }
        : { STATE_DIR: stateDir, DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema },
    async open(extra = {}) {
      const database = await openDatabase({ ...options, ...extra });
      opened.push(database);
      return database;
    },
    async destroy() {
      await Promise.all(opened.splice(0).map((database) => database.close()));
      if (dialect === "postgres") await dropSchema(schema);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
