/**
 * Signing in, on a real database: the answers never tell whether an account exists, a name locks
 * after the same number of failures whether or not it exists, and the lock expires by itself.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AccessService } from "../../../server/access/access-service.ts";
import { hashPassword } from "../../../server/access/passwords.ts";
import { SignIn } from "../../../server/access/sign-in.ts";
import { testDatabase, type TestDatabase } from "../../support/database.ts";

const T = Date.UTC(2026, 10, 29, 8, 0, 0);
const PASSWORD = "correct horse battery";

/** scrypt is slow on purpose: hash once, give every account of the tests the same. */
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

let test: TestDatabase;
let access: AccessService;
let signIn: SignIn;
let now: number;

beforeEach(async () => {
  test = testDatabase("sqlite");
  now = T;
  access = new AccessService(await test.open(), {
    clock: () => now,
    maxFailures: 3,
    lockoutMs: 60_000,
  });
  signIn = new SignIn(access);
  await access.accounts.create({ name: "zahra", role: "shift-lead", passwordHash, at: T });
  const ali = await access.accounts.create({ name: "ali", role: "viewer", passwordHash, at: T });
  await access.accounts.setDisabled(ali.id, true, T);
});
afterEach(() => test.destroy());

describe("sign-in", () => {
  it("signs an account in with its password, whatever the case of its name", async () => {
    const result = await signIn.signIn("Zahra", PASSWORD, "10.0.0.5");
    expect(result).toMatchObject({
      ok: true,
      principal: { kind: "account", name: "zahra", role: "shift-lead" },
    });
    if (!result.ok) return;
    expect(result.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await access.sessionPrincipal(result.secret, null)).toMatchObject({
      name: "zahra",
      sessionId: result.principal.sessionId,
    });
    const trail = await access.audit.range();
    expect(trail.at(-1)).toMatchObject({
      action: "sign-in",
      subject: "zahra",
      address: "10.0.0.5",
      actor: { kind: "account", name: "zahra" },
    });
  });

  it("answers a wrong password, an unknown name and a disabled account alike", async () => {
    const answers = [
      await signIn.signIn("zahra", "wrong password!", null),
      await signIn.signIn("nobody", PASSWORD, null),
      await signIn.signIn("ali", PASSWORD, null),
      await signIn.signIn("", "", null),
    ];
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks a name after the same number of failures whether or not it exists, until the lock expires", async () => {
    for (const name of ["zahra", "nobody"]) {
      expect(await signIn.signIn(name, "wrong password!", null)).toEqual({
        ok: false,
        reason: "invalid",
      });
      expect(await signIn.signIn(name, "wrong password!", null)).toEqual({
        ok: false,
        reason: "invalid",
      });
      expect(await signIn.signIn(name, "wrong password!", null)).toEqual({
        ok: false,
        reason: "locked",
        retryAfterSec: 60,
      });
    }
    // Locked: even the right password is refused, and says only "locked".
    now += 30_000;
    expect(await signIn.signIn("zahra", PASSWORD, null)).toEqual({
      ok: false,
      reason: "locked",
      retryAfterSec: 30,
    });
    now += 30_001;
    expect(await signIn.signIn("zahra", PASSWORD, null)).toMatchObject({ ok: true });
    const actions = (await access.audit.range()).map((e) => [e.action, e.subject]);
    expect(actions).toContainEqual(["account.locked", "zahra"]);
    // A name nobody has is not written to the trail: people type passwords into that field.
    expect(JSON.stringify(await access.audit.range())).not.toContain("nobody");
  });

  it("starts counting afresh after a successful sign-in", async () => {
    await signIn.signIn("zahra", "wrong password!", null);
    await signIn.signIn("zahra", "wrong password!", null);
    expect(await signIn.signIn("zahra", PASSWORD, null)).toMatchObject({ ok: true });
    expect(await signIn.signIn("zahra", "wrong password!", null)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});
