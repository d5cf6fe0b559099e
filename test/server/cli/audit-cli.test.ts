/**
 * `npm run --silent audit -- verify` as an operator runs it, against a real database of either
 * dialect: the number of rows and `ok`, or the first row changed outside the application and a
 * non-zero exit.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditTrail } from "../../../server/access/audit-trail.ts";
import type { AccessTables } from "../../../server/access/tables.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../support/database.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const SLOW = 180_000;

function verify(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "audit", "--", "verify"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe.each(DIALECTS)("audit verify on %s", (dialect) => {
  let test: TestDatabase;
  beforeEach(() => {
    test = testDatabase(dialect);
  });
  afterEach(() => test.destroy());

  it(
    "says ok for an untouched chain and names the first row edited outside the application",
    async () => {
      const database = await test.open();
      const audit = new AuditTrail(database);
      const ids: number[] = [];
      for (let i = 0; i < 4; i += 1)
        ids.push(
          await audit.append({
            at: 1_800_000_000_000 + i,
            actor: { kind: "account", id: "a1", name: "lead" },
            action: "command.add",
            subject: "kalat",
            detail: { reason: "late", result: "done" },
          }),
        );
      expect(await verify(test.env)).toEqual({ code: 0, out: "4 rows ok\n" });
      await database.db
        .withTables<AccessTables>()
        .updateTable("audit_trail")
        .set({ detail: JSON.stringify({ reason: "nobody did it", result: "done" }) })
        .where("id", "=", ids[2] as number)
        .execute();
      const broken = await verify(test.env);
      expect(broken.code).toBe(1);
      expect(broken.out).toBe(
        `broken at row ${ids[2]} (row 3 of the chain): its content does not match its hash (edited)\n`,
      );
    },
    SLOW,
  );
});
