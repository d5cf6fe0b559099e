/**
 * The live timetable kept in step with the database: seeded once from the reference data (and
 * audited), reloaded at once after a change through this instance, and by polling the revision
 * after a change through another instance sharing the database.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditTrail } from "../../../server/access/audit-trail.ts";
import { silentLogger } from "../../../server/log.ts";
import type { Database } from "../../../server/platform/db.ts";
import { SqlSessions } from "../../../server/schedule/sql-sessions.ts";
import { openTimetable } from "../../../server/schedule/timetable.ts";
import type { Session } from "../../../shared/reference.ts";
import { toScheduled } from "../../../shared/schedule.ts";
import { waitFor } from "../../support/app.ts";
import { testDatabase, type TestDatabase } from "../../support/database.ts";
import { provinceReference } from "../../support/reference.ts";

let records: TestDatabase;
let database: Database;
beforeEach(async () => {
  records = testDatabase("sqlite");
  database = await records.open();
});
afterEach(() => records.destroy());

describe("the live timetable", () => {
  it("is data/sessions.json on the first start, stored as it is, and audited once", async () => {
    const reference = await provinceReference();
    const log = silentLogger();
    const first = await openTimetable({ database, reference, log });
    expect(first.sessions.length).toBe(reference.sessions.length);
    // The same sessions, in the reference's own form, whatever the order.
    const key = (s: Session) => `${s.date} ${s.from}-${s.to} ${s.official} ${s.line}`;
    expect(first.sessions.map(key).sort()).toEqual(reference.sessions.map(key).sort());
    await openTimetable({ database: await records.open(), reference, log });
    const seeded = (await new AuditTrail(database).range()).filter(
      (e) => e.action === "schedule.seeded",
    );
    expect(seeded).toHaveLength(1);
    expect(seeded[0]?.detail).toEqual({ sessions: reference.sessions.length });
  });

  it("hears its own changes at once and another instance's by the revision", async () => {
    const reference = await provinceReference();
    const kalat = reference.sessions.find((s) => s.official === "farmandar-kalat");
    const timetable = await openTimetable({
      database,
      reference: { sessions: kalat ? [kalat] : [] },
      log: silentLogger(),
      pollMs: 50,
    });
    const seen: Session[][] = [];
    const stop = timetable.follow((sessions) => seen.push(sessions));
    const session = toScheduled({ ...(kalat as Session), from: "16:00", to: "17:00" });
    if (!session) throw new Error("no session");

    await timetable.store.add(session, "here");
    await waitFor(() => seen.length === 1);
    expect(seen[0]?.map((s) => s.from).sort()).toEqual([kalat?.from, "16:00"].sort());

    // Another instance: its own handle on the same database, its own store.
    const other = new SqlSessions(await records.open());
    const [stored] = await other.between(session.start, session.end);
    await other.remove(stored?.id ?? "");
    await waitFor(() => seen.length === 2);
    expect(seen[1]?.map((s) => s.from)).toEqual([kalat?.from]);

    stop();
    // A second follower, still listening, proves a poll has come and gone after the change.
    const later: Session[][] = [];
    const stopLater = timetable.follow((sessions) => later.push(sessions));
    await other.add(session, "there");
    await waitFor(() => later.length === 1);
    stopLater();
    expect(seen).toHaveLength(2);
  });
});
