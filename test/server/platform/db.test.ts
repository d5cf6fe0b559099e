/**
 * The database of record in both dialects: migrations apply once, a restart keeps every account,
 * token and session, and a database written by a newer version stops the start with one clear line.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountsStore } from "../../../server/access/accounts.ts";
import { ScreenTokensStore } from "../../../server/access/screen-tokens.ts";
import { SessionsStore } from "../../../server/access/sessions.ts";
import { DatabaseTooNewError } from "../../../server/platform/db.ts";
import { MIGRATIONS } from "../../../server/platform/migrations/index.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../support/database.ts";

const T = Date.UTC(2026, 10, 29, 8, 0, 0);

describe.each(DIALECTS)("the database of record on %s", (dialect) => {
  let test: TestDatabase;
  beforeEach(() => {
    test = testDatabase(dialect);
  });
  afterEach(() => test.destroy());

  it("keeps every account, token and session across a restart", async () => {
    const first = await test.open();
    const account = await new AccountsStore(first).create({
      name: "zahra",
      role: "admin",
      passwordHash: "h",
      at: T,
    });
    const token = await new ScreenTokensStore(first).create({
      name: "wall",
      role: "viewer",
      tokenHash: "th",
      at: T,
      createdBy: "zahra",
    });
    await new SessionsStore(first).create({
      secretHash: "sh",
      accountId: account.id,
      at: T,
      idleMs: 1e9,
      maxMs: 1e9,
      address: null,
    });
    await first.close();

    const second = await test.open();
    expect(await new AccountsStore(second).byName("zahra")).toEqual(account);
    expect(await new ScreenTokensStore(second).byHash("th")).toEqual(token);
    expect(await new SessionsStore(second).find("sh", T + 1)).toMatchObject({
      accountId: account.id,
    });
  });

  it("applies each migration once and records it", async () => {
    const first = await test.open();
    await first.close();
    const second = await test.open();
    const applied = await second.db
      .withTables<{ kysely_migration: { name: string } }>()
      .selectFrom("kysely_migration")
      .select("name")
      .execute();
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it("refuses a database written by a newer version, naming it and the way out", async () => {
    const newer = [
      ...MIGRATIONS,
      {
        name: "9999-from-the-future",
        async up(db: Parameters<(typeof MIGRATIONS)[number]["up"]>[0]) {
          await sql`create table future (id integer)`.execute(db);
        },
      },
    ];
    await (await test.open({ migrations: newer })).close();
    const error = await test.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect((error as Error).message).toMatch(
      /^the database at .+ was written by a newer samad-live \(migration 9999-from-the-future\); upgrade the code or restore a backup$/,
    );
    expect((error as Error).message).not.toContain("\n");
  });
});
