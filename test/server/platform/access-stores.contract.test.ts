/**
 * Every store of the database of record, run against both dialects: SQLite (a temporary file) and
 * the real PostgreSQL (a schema of its own, dropped after). Same calls, same answers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountsStore } from "../../../server/access/accounts.ts";
import { AuditTrail } from "../../../server/access/audit-trail.ts";
import { ScreenTokensStore } from "../../../server/access/screen-tokens.ts";
import { SessionsStore } from "../../../server/access/sessions.ts";
import { SetupCodesStore } from "../../../server/access/setup-codes.ts";
import type { Database } from "../../../server/platform/db.ts";
import type { AccessTables } from "../../../server/access/tables.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../support/database.ts";

const T = Date.UTC(2026, 10, 29, 8, 0, 0);
const HOUR = 3_600_000;

describe.each(DIALECTS)("access stores on %s", (dialect) => {
  let test: TestDatabase;
  let database: Database;

  beforeEach(async () => {
    test = testDatabase(dialect);
    database = await test.open();
  });
  afterEach(() => test.destroy());

  describe("accounts", () => {
    it("creates, finds by name whatever the case, lists and counts", async () => {
      const accounts = new AccountsStore(database);
      expect(await accounts.count()).toBe(0);
      const zahra = await accounts.create({
        name: "Zahra",
        role: "admin",
        passwordHash: "h1",
        at: T,
      });
      await accounts.create({ name: "بازرس", role: "inspector", passwordHash: "h2", at: T });
      expect(zahra).toMatchObject({
        name: "zahra",
        role: "admin",
        disabled: false,
        failedAttempts: 0,
      });
      expect(await accounts.byName("ZAHRA")).toEqual(zahra);
      expect(await accounts.byId(zahra.id)).toEqual(zahra);
      expect(await accounts.byName("nobody")).toBeNull();
      expect((await accounts.list()).map((a) => a.name)).toEqual(["zahra", "بازرس"]);
      expect(await accounts.count()).toBe(2);
    });

    it("refuses a second account of the same name", async () => {
      const accounts = new AccountsStore(database);
      await accounts.create({ name: "ali", role: "viewer", passwordHash: "h", at: T });
      await expect(
        accounts.create({ name: "Ali", role: "admin", passwordHash: "h", at: T }),
      ).rejects.toThrow();
      expect(await accounts.count()).toBe(1);
    });

    it("counts failures, locks, and clears both with a new password", async () => {
      const accounts = new AccountsStore(database);
      const { id } = await accounts.create({
        name: "ali",
        role: "viewer",
        passwordHash: "h",
        at: T,
      });
      expect(await accounts.recordFailure(id)).toBe(1);
      expect(await accounts.recordFailure(id)).toBe(2);
      await accounts.lock(id, T + HOUR);
      expect(await accounts.byId(id)).toMatchObject({ failedAttempts: 0, lockedUntil: T + HOUR });
      await accounts.recordFailure(id);
      await accounts.setPassword(id, "h2", T + 1);
      expect(await accounts.byId(id)).toMatchObject({
        passwordHash: "h2",
        failedAttempts: 0,
        lockedUntil: null,
        updatedAt: T + 1,
      });
      await accounts.setDisabled(id, true, T + 2);
      expect(await accounts.byId(id)).toMatchObject({ disabled: true });
      await accounts.setDisabled(id, false, T + 3);
      expect(await accounts.byId(id)).toMatchObject({ disabled: false });
      await accounts.recordFailure(id);
      await accounts.clearFailures(id);
      expect(await accounts.byId(id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    });
  });

  describe("sessions", () => {
    async function account(): Promise<string> {
      return (
        await new AccountsStore(database).create({
          name: "a",
          role: "viewer",
          passwordHash: "h",
          at: T,
        })
      ).id;
    }

    it("finds a session by its secret's hash until its idle or absolute limit", async () => {
      const sessions = new SessionsStore(database);
      const accountId = await account();
      const session = await sessions.create({
        secretHash: "s1",
        accountId,
        at: T,
        idleMs: HOUR,
        maxMs: 3 * HOUR,
        address: "10.0.0.7",
      });
      expect(session).toMatchObject({
        accountId,
        tokenId: null,
        idleExpiresAt: T + HOUR,
        expiresAt: T + 3 * HOUR,
      });
      expect(await sessions.find("s1", T + HOUR - 1)).toEqual(session);
      expect(await sessions.find("s1", T + HOUR)).toBeNull();
      expect(await sessions.find("other", T)).toBeNull();
      // Touching moves the idle limit on, never the absolute one.
      await sessions.touch([session.id], T + 2 * HOUR - 10, HOUR, "10.0.0.8");
      expect(await sessions.find("s1", T + 2 * HOUR)).toMatchObject({ address: "10.0.0.8" });
      await sessions.touch([session.id], T + 2.9 * HOUR, HOUR);
      expect(await sessions.find("s1", T + 3 * HOUR)).toBeNull();
      expect(await sessions.live([session.id], T + 2.95 * HOUR)).toEqual(new Set([session.id]));
      expect(await sessions.live([session.id, "nope"], T + 3 * HOUR)).toEqual(new Set());
    });

    it("keeps a screen's session without an absolute limit, and ends sessions by account and token", async () => {
      const sessions = new SessionsStore(database);
      const accountId = await account();
      const token = await new ScreenTokensStore(database).create({
        name: "wall-1",
        role: "viewer",
        tokenHash: "t",
        at: T,
        createdBy: null,
      });
      const screen = await sessions.create({
        secretHash: "x",
        tokenId: token.id,
        at: T,
        idleMs: 30 * 24 * HOUR,
        maxMs: null,
        address: null,
      });
      await sessions.create({
        secretHash: "y",
        accountId,
        at: T,
        idleMs: HOUR,
        maxMs: HOUR,
        address: null,
      });
      await sessions.create({
        secretHash: "z",
        accountId,
        at: T,
        idleMs: HOUR,
        maxMs: HOUR,
        address: null,
      });
      expect(screen.expiresAt).toBeNull();
      expect(await sessions.find("x", T + 20 * 24 * HOUR)).not.toBeNull();
      expect(await sessions.deleteForAccount(accountId)).toBe(2);
      expect(await sessions.find("y", T)).toBeNull();
      expect(await sessions.deleteForToken(token.id)).toBe(1);
      expect(await sessions.find("x", T)).toBeNull();
    });

    it("deletes one session, and the expired ones", async () => {
      const sessions = new SessionsStore(database);
      const accountId = await account();
      const a = await sessions.create({
        secretHash: "a",
        accountId,
        at: T,
        idleMs: HOUR,
        maxMs: 2 * HOUR,
        address: null,
      });
      await sessions.create({
        secretHash: "b",
        accountId,
        at: T,
        idleMs: 2 * HOUR,
        maxMs: 4 * HOUR,
        address: null,
      });
      await sessions.create({
        secretHash: "c",
        accountId,
        at: T,
        idleMs: 3 * HOUR,
        maxMs: 4 * HOUR,
        address: null,
      });
      await sessions.delete(a.id);
      expect(await sessions.find("a", T)).toBeNull();
      expect(await sessions.deleteExpired(T + 2 * HOUR)).toBe(1);
      expect(await sessions.find("c", T + 2 * HOUR)).not.toBeNull();
    });
  });

  describe("screen tokens", () => {
    it("finds a token by hash and name until revoked, and frees the name after", async () => {
      const tokens = new ScreenTokensStore(database);
      const wall = await tokens.create({
        name: "wall-1",
        role: "viewer",
        tokenHash: "h1",
        at: T,
        createdBy: "zahra",
      });
      expect(wall).toMatchObject({
        name: "wall-1",
        role: "viewer",
        createdBy: "zahra",
        lastSeenAt: null,
        revokedAt: null,
      });
      expect(await tokens.byHash("h1")).toEqual(wall);
      expect(await tokens.byName("wall-1")).toEqual(wall);
      await expect(
        tokens.create({ name: "wall-1", role: "viewer", tokenHash: "h2", at: T, createdBy: null }),
      ).rejects.toThrow();
      await tokens.touch(wall.id, T + 5, "10.1.2.3");
      expect(await tokens.byId(wall.id)).toMatchObject({
        lastSeenAt: T + 5,
        lastSeenAddress: "10.1.2.3",
      });
      expect(await tokens.live([wall.id])).toEqual(new Set([wall.id]));
      expect(await tokens.revoke(wall.id, T + 10)).toBe(true);
      expect(await tokens.revoke(wall.id, T + 11)).toBe(false);
      expect(await tokens.byHash("h1")).toBeNull();
      expect(await tokens.byName("wall-1")).toBeNull();
      expect(await tokens.live([wall.id])).toEqual(new Set());
      const again = await tokens.create({
        name: "wall-1",
        role: "viewer",
        tokenHash: "h3",
        at: T + 20,
        createdBy: null,
      });
      const list = await tokens.list();
      expect(list.map((t) => [t.id, t.revokedAt])).toEqual([
        [again.id, null],
        [wall.id, T + 10],
      ]);
    });
  });

  describe("audit trail", () => {
    it("appends entries with growing ids and reads them back by time and by id", async () => {
      const audit = new AuditTrail(database);
      const ids: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        ids.push(
          await audit.append({
            at: T + i * 1000,
            actor: { kind: "account", id: "a1", name: "زهرا" },
            address: "10.0.0.1",
            action: "sign-in",
            subject: `s${i}`,
            detail: { i, note: "ورود" },
          }),
        );
      }
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(5);
      const all = await audit.range();
      expect(all).toHaveLength(5);
      expect(all[0]).toEqual({
        id: ids[0],
        at: T,
        actor: { kind: "account", id: "a1", name: "زهرا" },
        address: "10.0.0.1",
        action: "sign-in",
        subject: "s0",
        detail: { i: 0, note: "ورود" },
      });
      expect((await audit.range({ from: T + 1000, to: T + 3000 })).map((e) => e.subject)).toEqual([
        "s1",
        "s2",
      ]);
      expect((await audit.range({ afterId: ids[2], limit: 1 })).map((e) => e.subject)).toEqual([
        "s3",
      ]);
      await audit.append({ at: T, actor: { kind: "system" }, action: "setup.code-issued" });
      expect((await audit.range({ afterId: ids[4] }))[0]).toMatchObject({
        actor: { kind: "system", id: null, name: null },
        address: null,
        subject: null,
        detail: {},
      });
    });

    it("offers no way to change or remove an entry", () => {
      expect(Object.getOwnPropertyNames(AuditTrail.prototype).sort()).toEqual([
        "append",
        "constructor",
        "get",
        "range",
        "verify",
      ]);
    });

    it("chains every entry, even appended at once, and finds the first row changed outside", async () => {
      const audit = new AuditTrail(database);
      const actor = { kind: "account", id: "a1", name: "زهرا" } as const;
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          audit.append({ at: T + i, actor, action: "sign-in", detail: { i } }),
        ),
      );
      expect(await audit.verify(5)).toEqual({ rows: 12, broken: null });
      const rows = await audit.range();
      const victim = rows[7]?.id as number;
      const raw = database.db.withTables<AccessTables>();
      await raw
        .updateTable("audit_trail")
        .set({ detail: JSON.stringify({ i: 99 }) })
        .where("id", "=", victim)
        .execute();
      expect(await audit.verify(5)).toEqual({
        rows: 8,
        broken: { id: victim, reason: expect.stringContaining("edited") },
      });
      // Put back what it held: appended at once, the rows' order need not be the calls' order.
      await raw
        .updateTable("audit_trail")
        .set({ detail: JSON.stringify(rows[7]?.detail) })
        .where("id", "=", victim)
        .execute();
      expect((await audit.verify()).broken).toBeNull();
      await raw
        .deleteFrom("audit_trail")
        .where("id", "=", rows[3]?.id as number)
        .execute();
      expect((await audit.verify()).broken).toEqual({
        id: rows[4]?.id,
        reason: expect.stringContaining("removed"),
      });
    });
  });

  describe("setup codes", () => {
    it("lets a code be used once, within its validity", async () => {
      const codes = new SetupCodesStore(database);
      await codes.create("c1", T, 24 * HOUR);
      await codes.create("c2", T, 24 * HOUR);
      expect(await codes.isValid("c1", T + HOUR)).toBe(true);
      expect(await codes.consume("c1", T + HOUR)).toBe(true);
      expect(await codes.consume("c1", T + HOUR)).toBe(false);
      expect(await codes.isValid("c1", T + HOUR)).toBe(false);
      expect(await codes.consume("c2", T + 24 * HOUR)).toBe(false);
      expect(await codes.consume("nope", T)).toBe(false);
    });
  });
});
