/**
 * The first start as a user meets it: an empty database prints a one-time setup address, and a
 * database written by a newer version stops the start with one line.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../server/platform/migrations/index.ts";
import { testDatabase, type TestDatabase } from "../support/database.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Starts the server; resolves when `until` matches its stderr (then stops it) or it exits. */
function start(env: Record<string, string>, until?: RegExp) {
  return new Promise<{ code: number | null; stderr: string; matched: RegExpMatchArray | null }>(
    (resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? "",
          LOG_LEVEL: "silent",
          PORT: "0",
          SWITCH: "none",
          CLIENT_DIR: "/nonexistent",
          ...env,
        },
      });
      let stderr = "";
      let matched: RegExpMatchArray | null = null;
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        matched ??= until ? stderr.match(until) : null;
        if (matched) child.kill("SIGTERM");
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, matched });
      });
    },
  );
}

let test: TestDatabase;
beforeEach(() => {
  test = testDatabase("sqlite");
});
afterEach(() => test.destroy());

describe("the first start", () => {
  it("prints a one-time setup address for the first admin, and stops cleanly", async () => {
    const { code, matched } = await start(
      test.env,
      /create the first admin at (http:\/\/127\.0\.0\.1:\d+\/setup\?code=[A-Za-z0-9_-]{43}) \(valid 24 h, once\)/,
    );
    expect(matched?.[1]).toBeDefined();
    expect(code).toBe(0);
  }, 90_000);

  it("stops with one line when the database was written by a newer version", async () => {
    const newer = [
      ...MIGRATIONS,
      {
        name: "9999-later",
        up: async (db: Parameters<(typeof MIGRATIONS)[number]["up"]>[0]) =>
          void (await sql`select 1`.execute(db)),
      },
    ];
    await (await test.open({ migrations: newer })).close();
    const { code, stderr } = await start(test.env);
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      /^samad-live: the database at .+samad-live\.sqlite was written by a newer samad-live \(migration 9999-later\); upgrade the code or restore a backup$/,
    );
  }, 90_000);
});
