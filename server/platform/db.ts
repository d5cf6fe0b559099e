/**
 * The database of record: accounts, screen tokens, sessions and the audit trail today; history,
 * the event log, checkpoints, commands and schedules as later migrations add them. The live path
 * stays on the bus; this is for records an inspection office must trust for a year.
 *
 * One Kysely instance over SQLite (better-sqlite3, a file under STATE_DIR, WAL mode) or, when
 * DATABASE_URL is set, PostgreSQL (a pg Pool; `schema` puts every table in one schema, which the
 * tests use to get a fresh database per run).
 *
 * Adding a table: write `server/platform/migrations/NNNN-what.ts` exporting a `Migration`
 * (`name` "NNNN-what", `up(db, dialect)`), and append it to the list in
 * `migrations/index.ts`; `autoIncrementId` and the `Migration` type are in
 * `migrations/migration.ts`. Never edit or reorder a migration that has shipped: add another. Start
 * applies what is missing, in order; a database that has applied a migration this code does not
 * know stops the start (it was written by a newer samad-live).
 *
 * Writing a store that speaks both dialects — the conventions, chosen once:
 * - declare the store's row types next to it and get a typed instance with
 *   `database.db.withTables<MyTables>()` (declare rows and tables as `type` aliases, not
 *   interfaces: withTables needs their implicit index signature); column names in snake_case;
 * - times are epoch milliseconds in `bigint` columns (SQLite stores them as INTEGER; pg's int8 is
 *   parsed to a JS number here, exact up to 2^53);
 * - booleans are `integer` columns holding 0 or 1;
 * - JSON is `text` holding `JSON.stringify` output, parsed by the store;
 * - ids are `text` (random UUIDs) unless order matters, then `autoIncrementId(dialect)`;
 * - use the query builder, `RETURNING`, and `onConflict` (both dialects support them); where the
 *   dialects really differ, branch on `database.dialect` inside the store, never outside it.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, sql, SqliteDialect } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { MIGRATIONS } from "./migrations/index.ts";
import { OwnSchemaPostgresDialect } from "./postgres-introspector.ts";
import type { Dialect, Migration } from "./migrations/migration.ts";

export type { Dialect, Migration };

export interface Database {
  /** Typed per store with `withTables<T>()`. */
  db: Kysely<object>;
  dialect: Dialect;
  /** Where the data lives, for messages: the SQLite file, or the PostgreSQL host/database. */
  where: string;
  /** Idempotent. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; null: SQLite under `stateDir`. */
  url: string | null;
  /** Directory of the SQLite file (created when missing). @default "./state" */
  stateDir: string;
  /** PostgreSQL schema for every table (created when missing); null: the server's default. */
  schema?: string | null;
  /** @default MIGRATIONS: tests pass a longer list to play a newer version. */
  migrations?: readonly Migration[];
}

/** The database holds a migration this code does not know: it was written by a newer version. */
export class DatabaseTooNewError extends Error {
  override name = "DatabaseTooNewError";
}

export const SQLITE_FILE = "samad-live.sqlite";
const PG_INT8 = 20;

/** Opens the database and applies every pending migration. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = options.url
    ? openPostgres(options.url, options.schema ?? null)
    : openSqlite(options.stateDir);
  try {
    if (database.dialect === "postgres" && options.schema) {
      await sql`create schema if not exists ${sql.id(options.schema)}`.execute(database.db);
    }
    await migrate(database, options.migrations ?? MIGRATIONS, options.schema ?? null);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

function openSqlite(stateDir: string): Database {
  mkdirSync(stateDir, { recursive: true });
  const file = path.resolve(stateDir, SQLITE_FILE);
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma("journal_mode = WAL");
  // The CLI writes while the server runs: wait for the other's write rather than fail at once.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<object>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: "sqlite", where: file, close: once(() => db.destroy()) };
}

/** Times are epoch ms in int8 columns: read them as numbers, not strings. */
const int8AsNumber: typeof pg.types.getTypeParser = (oid, format) =>
  oid === PG_INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format);

function openPostgres(url: string, schema: string | null): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: { getTypeParser: int8AsNumber },
  });
  // An idle client that loses its connection must not crash the process; the next query reports.
  pool.on("error", () => undefined);
  const db = new Kysely<object>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  const where = describePostgres(url, schema);
  return { db, dialect: "postgres", where, close: once(() => db.destroy()) };
}

/** host:port/database[#schema], never the password. */
function describePostgres(url: string, schema: string | null): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}${schema ? `#${schema}` : ""}`;
  } catch {
    return "DATABASE_URL";
  }
}

function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => (closing ??= close());
}

async function migrate(
  database: Database,
  migrations: readonly Migration[],
  schema: string | null,
): Promise<void> {
  const known = new Map(migrations.map((m) => [m.name, m]));
  const migrator = new Migrator({
    db: database.db,
    // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
    ...(database.dialect === "postgres" && schema ? { migrationTableSchema: schema } : {}),
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          migrations.map((m) => [
            m.name,
            { up: (db: Kysely<unknown>) => m.up(db, database.dialect) },
          ]),
        ),
    },
  });
  const applied = await appliedMigrations(database);
  const unknown = applied.find((name) => !known.has(name));
  if (unknown) {
    throw new DatabaseTooNewError(
      `the database at ${database.where} was written by a newer samad-live (migration ${unknown}); upgrade the code or restore a backup`,
    );
  }
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** The names Kysely's migrator recorded as applied; none in a database never migrated. */
async function appliedMigrations(database: Database): Promise<string[]> {
  const exists =
    database.dialect === "postgres"
      ? sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`
      : sql<{
          present: number;
        }>`select count(*) as present from sqlite_master where name = 'kysely_migration'`;
  const { rows } = await exists.execute(database.db);
  if (!rows[0]?.present) return [];
  const applied = await database.db
    .withTables<{ kysely_migration: { name: string } }>()
    .selectFrom("kysely_migration")
    .select("name")
    .orderBy("name")
    .execute();
  return applied.map((row) => row.name);
}
