/**
 * The timetable store on both dialects: range reads in order, the first start's seed (once only),
 * single-session changes refused on overlap, whole-range replacement in one transaction, and the
 * revision every change raises so other instances notice.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScheduleError, SqlSessions } from "../../../server/schedule/sql-sessions.ts";
import type { ScheduledSession } from "../../../shared/schedule.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../support/database.ts";

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2026, 11, 1, 4, 30); // 08:00 Tehran, 1405/09/10

const session = (
  official: string,
  startH: number,
  hours = 1,
  line = "kalat",
): ScheduledSession => ({
  official,
  line,
  start: T0 + startH * H,
  end: T0 + (startH + hours) * H,
});

describe.each(DIALECTS)("SqlSessions on %s", (dialect) => {
  let records: TestDatabase;
  let store: SqlSessions;
  beforeEach(async () => {
    records = testDatabase(dialect);
    store = new SqlSessions(await records.open(), { clock: () => T0 });
  });
  afterEach(() => records.destroy());

  it("seeds once on the first start, never again, even after every session is removed", async () => {
    expect(await store.revision()).toBe(0);
    const seed = [session("farmandar-kalat", 0), session("farmandar-mashhad", 0, 2, "mashhad")];
    expect(await store.seedIfNew(seed, "data/sessions.json")).toBe(true);
    expect(await store.seedIfNew(seed, "data/sessions.json")).toBe(false);
    const stored = await store.all();
    expect(
      stored.map(({ official, line, start, end }) => ({ official, line, start, end })),
    ).toEqual(seed);
    expect(stored[0]).toMatchObject({ createdBy: "data/sessions.json", createdAt: T0 });
    for (const s of stored) await store.remove(s.id);
    // A restart: a new handle on the same data.
    const again = new SqlSessions(await records.open());
    expect(await again.seedIfNew(seed, "data/sessions.json")).toBe(false);
    expect(await again.all()).toEqual([]);
  });

  it("reads the sessions starting in a range, ordered by start then official", async () => {
    await store.add(session("b", 2), "admin");
    await store.add(session("a", 2), "admin");
    await store.add(session("a", 0), "admin");
    await store.add(session("a", DAY / H), "admin");
    const got = await store.between(T0, T0 + DAY);
    expect(got.map((s) => [s.official, s.start - T0])).toEqual([
      ["a", 0],
      ["a", 2 * H],
      ["b", 2 * H],
    ]);
    expect(await store.between(T0 + 1, T0 + 2 * H)).toEqual([]);
  });

  it("adds, updates and removes one session, refusing an overlap with the same official", async () => {
    const first = await store.add(session("a", 0, 2), "admin");
    expect(first).toMatchObject({ official: "a", createdBy: "admin", updatedBy: "admin" });
    // Another official at the same time, and the same official right after: both fine.
    await store.add(session("b", 0, 2), "admin");
    const after = await store.add(session("a", 2), "admin");
    const clash = await store.add(session("a", 1), "admin").catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(ScheduleError);
    expect((clash as ScheduleError).code).toBe("overlap");
    expect((clash as ScheduleError).other?.id).toBe(first.id);

    // Moving a session onto its own old time is not an overlap with itself.
    const moved = await store.update(first.id, session("a", 0, 1, "mashhad"), "other-admin");
    expect(moved.before.end - moved.before.start).toBe(2 * H);
    expect(moved.after).toMatchObject({ id: first.id, line: "mashhad", updatedBy: "other-admin" });
    await expect(store.update(first.id, session("a", 1.5), "x")).rejects.toMatchObject({
      code: "overlap",
    });
    await expect(store.update("nope", session("a", 5), "x")).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(store.add({ ...session("c", 1), end: T0 }, "x")).rejects.toMatchObject({
      code: "bad-session",
    });

    expect((await store.remove(after.id)).id).toBe(after.id);
    await expect(store.remove(after.id)).rejects.toMatchObject({ code: "not-found" });
    expect((await store.all()).map((s) => s.official).sort()).toEqual(["a", "b"]);
  });

  it("replaces a range whole, or not at all", async () => {
    await store.add(session("a", 0), "admin");
    await store.add(session("a", DAY / H), "admin"); // the next day: kept
    const result = await store.replaceRange(
      T0,
      T0 + DAY,
      [session("b", 0), session("c", 3)],
      "importer",
    );
    expect(result).toEqual({ removed: 1, added: 2 });
    expect((await store.all()).map((s) => s.official)).toEqual(["b", "c", "a"]);

    const before = await store.all();
    const revision = await store.revision();
    // Two overlapping new sessions of one official: nothing changes.
    await expect(
      store.replaceRange(T0, T0 + DAY, [session("d", 0, 2), session("d", 1)], "importer"),
    ).rejects.toMatchObject({ code: "overlap" });
    // A new session overlapping a kept one outside the range: rolled back, the old range stays.
    await expect(
      store.replaceRange(T0 + DAY / 2, T0 + DAY, [session("a", DAY / H - 1, 2)], "importer"),
    ).rejects.toMatchObject({ code: "overlap" });
    await expect(
      store.replaceRange(T0, T0 + H, [session("e", 2)], "importer"),
    ).rejects.toMatchObject({ code: "bad-session" });
    expect(await store.all()).toEqual(before);
    expect(await store.revision()).toBe(revision);
  });

  it("raises the revision and tells its listeners on each change", async () => {
    let heard = 0;
    store.onChange(() => (heard += 1));
    const r0 = await store.revision();
    const added = await store.add(session("a", 0), "admin");
    await store.update(added.id, session("a", 1), "admin");
    await store.remove(added.id);
    await store.replaceRange(T0, T0 + DAY, [], "importer");
    expect(await store.revision()).toBe(r0 + 4);
    expect(heard).toBe(4);
    // Another instance on the same database sees the same revision.
    expect(await new SqlSessions(await records.open()).revision()).toBe(r0 + 4);
  });
});
