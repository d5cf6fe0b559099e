/**
 * Sessions and screen tokens on a real database: a session ends at its idle or absolute limit,
 * on sign-out, and with its account or token; a screen token is exchanged for a session.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AccessService } from "../../../server/access/access-service.ts";
import { AccountAdmin } from "../../../server/access/account-admin.ts";
import { SYSTEM } from "../../../server/access/audit-trail.ts";
import { hashPassword } from "../../../server/access/passwords.ts";
import { SignIn } from "../../../server/access/sign-in.ts";
import { testDatabase, type TestDatabase } from "../../support/database.ts";

const T = Date.UTC(2026, 10, 29, 8, 0, 0);
const MIN = 60_000;
const PASSWORD = "correct horse battery";

/** scrypt is slow on purpose: hash once, give every account of the tests the same. */
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

let test: TestDatabase;
let access: AccessService;
let admin: AccountAdmin;
let now: number;

beforeEach(async () => {
  test = testDatabase("sqlite");
  now = T;
  access = new AccessService(await test.open(), {
    clock: () => now,
    sessionIdleMs: 30 * MIN,
    sessionMaxMs: 120 * MIN,
    screenIdleMs: 24 * 60 * MIN,
  });
  admin = new AccountAdmin(access);
  await access.accounts.create({ name: "zahra", role: "admin", passwordHash, at: T });
  await access.accounts.create({ name: "maryam", role: "admin", passwordHash, at: T });
});
afterEach(() => test.destroy());

async function signedIn(name = "zahra") {
  const result = await new SignIn(access).signIn(name, PASSWORD, null);
  if (!result.ok) throw new Error("sign-in failed");
  return result;
}

describe("sessions", () => {
  it("end after the idle limit, and are kept alive by use up to the absolute limit", async () => {
    const { secret } = await signedIn();
    now += 29 * MIN;
    expect(await access.sessionPrincipal(secret, null)).not.toBeNull();
    for (let i = 0; i < 3; i += 1) {
      now += 29 * MIN;
      expect(await access.sessionPrincipal(secret, null)).not.toBeNull();
    }
    now += 29 * MIN; // 145 min after sign-in: past the absolute limit
    expect(await access.sessionPrincipal(secret, null)).toBeNull();

    const second = await signedIn();
    now += 31 * MIN;
    expect(await access.sessionPrincipal(second.secret, null)).toBeNull();
  });

  it("end on sign-out, on a new password and with a disabled account", async () => {
    const a = await signedIn();
    await access.signOut(a.principal, null);
    expect(await access.sessionPrincipal(a.secret, null)).toBeNull();
    const b = await signedIn();
    await admin.setPassword("zahra", "another good password", SYSTEM);
    expect(await access.sessionPrincipal(b.secret, null)).toBeNull();
    const c = await signedIn("maryam");
    expect(await access.stillValid([c.principal])).toEqual(
      new Set([`session:${c.principal.sessionId}`]),
    );
    await admin.setDisabled("maryam", true, SYSTEM);
    expect(await access.sessionPrincipal(c.secret, null)).toBeNull();
    expect(await access.stillValid([c.principal])).toEqual(new Set());
  });

  it("refuses to disable the last enabled admin", async () => {
    await admin.setDisabled("maryam", true, SYSTEM);
    await expect(admin.setDisabled("zahra", true, SYSTEM)).rejects.toThrow(/last enabled admin/);
  });
});

describe("screen tokens", () => {
  it("are exchanged for a screen session that lives as long as the token", async () => {
    const { token } = await admin.createToken({ name: "wall-1", role: "viewer" }, SYSTEM);
    expect(await access.tokenPrincipal(token, "10.0.0.9")).toMatchObject({
      kind: "token",
      name: "wall-1",
      role: "viewer",
    });
    const issued = await access.exchangeToken(token, "10.0.0.9");
    expect(issued?.principal).toMatchObject({
      kind: "token",
      name: "wall-1",
      sessionId: expect.any(String),
    });
    const secret = issued?.secret ?? "";
    now += 23 * 60 * MIN;
    expect(await access.sessionPrincipal(secret, null)).toMatchObject({ name: "wall-1" });
    now += 23 * 60 * MIN; // used within the idle limit again: still there, no absolute limit
    expect(await access.sessionPrincipal(secret, null)).toMatchObject({ name: "wall-1" });
    const screen = (await admin.listTokens())[0];
    expect(screen).toMatchObject({ lastSeenAddress: "10.0.0.9" });
    expect(screen?.lastSeenAt).toBeGreaterThan(T);

    await admin.revokeToken("wall-1", SYSTEM);
    expect(await access.sessionPrincipal(secret, null)).toBeNull();
    expect(await access.tokenPrincipal(token, null)).toBeNull();
    expect(await access.exchangeToken(token, null)).toBeNull();
    const actions = (await access.audit.range()).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["token.created", "token.exchanged", "token.revoked"]),
    );
  });

  it("are never stored, only their hash", async () => {
    const { token } = await admin.createToken({ name: "wall-2", role: "viewer" }, SYSTEM);
    const rows = await access.database.db
      .withTables<{ screen_tokens: { token_hash: string } }>()
      .selectFrom("screen_tokens")
      .select("token_hash")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).not.toContain(token);
    expect(JSON.stringify(await access.audit.range())).not.toContain(token);
  });
});
