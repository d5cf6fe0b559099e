/** The first admin: one-time setup codes, valid 24 h, dead after use and once any account exists. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccessService } from "../../../server/access/access-service.ts";
import { Setup } from "../../../server/access/setup.ts";
import { testDatabase, type TestDatabase } from "../../support/database.ts";

const T = Date.UTC(2026, 10, 29, 8, 0, 0);
const HOUR = 3_600_000;

let test: TestDatabase;
let access: AccessService;
let setup: Setup;
let now: number;

beforeEach(async () => {
  test = testDatabase("sqlite");
  now = T;
  access = new AccessService(await test.open(), { clock: () => now });
  setup = new Setup(access);
});
afterEach(() => test.destroy());

describe("setup", () => {
  it("creates the first admin through a code, once", async () => {
    const code = await setup.issueIfEmpty();
    const other = await setup.issueIfEmpty();
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await setup.isOpen(code)).toBe(true);
    expect(await setup.complete(code, "Zahra", "short", null)).toEqual({
      ok: false,
      reason: "password-too-short",
    });
    expect(await setup.complete(code, "two words", "long enough pw", null)).toEqual({
      ok: false,
      reason: "bad-name",
    });
    const done = await setup.complete(code, "Zahra", "long enough pw", "10.0.0.1");
    expect(done).toMatchObject({
      ok: true,
      principal: { kind: "account", name: "zahra", role: "admin" },
    });
    expect(await setup.complete(code, "second", "long enough pw", null)).toEqual({
      ok: false,
      reason: "invalid-code",
    });
    // Every other code is dead too once an account exists, and no new one is issued.
    expect(await setup.isOpen(other)).toBe(false);
    expect(await setup.complete(other, "second", "long enough pw", null)).toEqual({
      ok: false,
      reason: "invalid-code",
    });
    expect(await setup.issueIfEmpty()).toBeNull();
    expect(await access.accounts.count()).toBe(1);
    expect((await access.audit.range()).map((e) => e.action)).toEqual([
      "setup.code-issued",
      "setup.code-issued",
      "setup.completed",
    ]);
  });

  it("refuses a code after its 24 hours, and anything that is not a code", async () => {
    const code = await setup.issueIfEmpty();
    now += 24 * HOUR;
    expect(await setup.isOpen(code)).toBe(false);
    expect(await setup.complete(code, "zahra", "long enough pw", null)).toEqual({
      ok: false,
      reason: "invalid-code",
    });
    expect(await setup.complete("nope", "zahra", "long enough pw", null)).toEqual({
      ok: false,
      reason: "invalid-code",
    });
    expect(await setup.complete(undefined, "zahra", "long enough pw", null)).toEqual({
      ok: false,
      reason: "invalid-code",
    });
  });
});
