/**
 * The operators' commands as operators run them: real processes against a real database, SQLite
 * and PostgreSQL alike. One clear line or a table; a one-line error and a non-zero exit.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccessService } from "../../../server/access/access-service.ts";
import { verifyPassword } from "../../../server/access/passwords.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../support/database.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
/** Each command is a Node process of its own: seconds apiece on a busy two-core machine. */
const SLOW = 180_000;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function command(
  env: Record<string, string>,
  args: string[],
  stdin = "",
  viaNpm = false,
): Promise<Result> {
  const [program, ...rest] = args as [string, ...string[]];
  const argv = viaNpm
    ? ["npm", ["run", "--silent", program, "--", ...rest]]
    : [process.execPath, ["--import", "tsx", `server/cli/${program}.ts`, ...rest]];
  return new Promise((resolve) => {
    const child = spawn(argv[0] as string, argv[1] as string[], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe.each(DIALECTS)("user and token commands on %s", (dialect) => {
  let test: TestDatabase;
  beforeEach(() => {
    test = testDatabase(dialect);
  });
  afterEach(() => test.destroy());

  it(
    "adds, lists, re-passwords and disables accounts",
    async () => {
      const run = (args: string[], stdin = "") => command(test.env, args, stdin);
      const added = await command(
        test.env,
        ["user", "add", "Zahra", "--role", "admin", "--password-stdin"],
        "correct horse battery\n",
        true,
      );
      expect(added).toEqual({ code: 0, stdout: "added account zahra (admin)\n", stderr: "" });
      await run(
        ["user", "add", "ali", "--role", "viewer", "--password-stdin"],
        "another long one\n",
      );
      const listed = await run(["user", "list"]);
      expect(listed.code).toBe(0);
      expect(listed.stdout.split("\n")[0]).toMatch(/^NAME\s+ROLE\s+STATE\s+CREATED$/);
      expect(listed.stdout).toMatch(/^ali\s+viewer\s+enabled\s/m);
      expect(listed.stdout).toMatch(/^zahra\s+admin\s+enabled\s/m);
      expect(listed.stdout).not.toMatch(/scrypt|correct horse/);

      expect(
        await run(["user", "passwd", "ali", "--password-stdin"], "a brand new secret\n"),
      ).toMatchObject({ code: 0 });
      expect(await run(["user", "disable", "ali"])).toMatchObject({
        code: 0,
        stdout: "disabled ali; its sessions are ended\n",
      });
      const database = await test.open();
      const ali = await new AccessService(database).accounts.byName("ali");
      expect(ali?.disabled).toBe(true);
      expect(await verifyPassword("a brand new secret", ali?.passwordHash ?? "")).toBe(true);
    },
    SLOW,
  );

  it(
    "creates a token printed alone, lists it without the token, and revokes it",
    async () => {
      const run = (args: string[]) => command(test.env, args);
      const created = await command(
        test.env,
        ["token", "create", "wall-1", "--role", "viewer"],
        "",
        true,
      );
      expect(created.code).toBe(0);
      expect(created.stderr).toBe("");
      expect(created.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
      const token = created.stdout.trim();

      const database = await test.open();
      const access = new AccessService(database);
      expect(await access.tokenPrincipal(token, null)).toMatchObject({
        kind: "token",
        name: "wall-1",
        role: "viewer",
      });

      const listed = await run(["token", "list"]);
      expect(listed.stdout).toMatch(/^wall-1\s+viewer\s+active\s/m);
      expect(listed.stdout).not.toContain(token);
      expect(await run(["token", "revoke", "wall-1"])).toMatchObject({ code: 0 });
      expect(await access.tokenPrincipal(token, null)).toBeNull();
      expect((await run(["token", "list"])).stdout).toMatch(/^wall-1\s+viewer\s+revoked /m);
    },
    SLOW,
  );
});

describe("bad input to the commands", () => {
  let test: TestDatabase;
  beforeEach(() => {
    test = testDatabase("sqlite");
  });
  afterEach(() => test.destroy());

  const oneLine = (result: Result, code: number, text: RegExp) => {
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd()).toMatch(text);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  };

  it(
    "answers each mistake with one line and a non-zero exit",
    async () => {
      const run = (args: string[], stdin = "") => command(test.env, args, stdin);
      oneLine(
        await run(["user", "add", "x", "--role", "boss", "--password-stdin"], "long enough pw\n"),
        1,
        /^user: the role must be/,
      );
      oneLine(
        await run(["user", "add", "x", "--role", "viewer", "--password-stdin"], "short\n"),
        1,
        /at least 10 characters/,
      );
      oneLine(
        await run(["user", "add", "x", "--role", "viewer"]),
        2,
        /no terminal to ask the password on: use --password-stdin/,
      );
      oneLine(
        await run(["user", "passwd", "nobody", "--password-stdin"], "long enough pw\n"),
        1,
        /^user: no such name$/,
      );
      oneLine(await run(["user", "frobnicate"]), 2, /^user: usage: /);
      oneLine(await run(["token", "create", "w", "--role"]), 2, /^token: --role needs a value$/);
      oneLine(
        await command({ ...test.env, DATABASE_URL: "mysql://x" }, ["token", "list"]),
        1,
        /^token: DATABASE_URL must be/,
      );
    },
    SLOW,
  );
});
