/**
 * Scheduled changes: kept in the database of record, claimed once however many instances look
 * (both dialects), and run by the leader when due, after a restart as before it, audited as the
 * shift lead who scheduled them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM } from "../../../../server/access/audit-trail.ts";
import { ScheduledChanges } from "../../../../server/features/control/scheduled-changes.ts";
import { silentLogger } from "../../../../server/log.ts";
import { SimulatorAdapter } from "../../../../server/switches/simulator/simulator-adapter.ts";
import type { Reference } from "../../../../shared/reference.ts";
import { bearer, screenToken, startTestApp, waitFor } from "../../../support/app.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../../support/database.ts";
import { provinceReference } from "../../../support/reference.ts";

const T = 1_800_000_000_000;
const request = {
  action: "add" as const,
  line: "kalat",
  official: "farmandar-kalat",
  reason: "session starts",
};

describe.each(DIALECTS)("scheduled changes on %s", (dialect) => {
  let test: TestDatabase;
  beforeEach(() => {
    test = testDatabase(dialect);
  });
  afterEach(() => test.destroy());

  it("are claimed once when two instances look at the same time, and not before they are due", async () => {
    const [a, b] = [
      new ScheduledChanges(await test.open()),
      new ScheduledChanges(await test.open()),
    ];
    const ids = [];
    for (let i = 0; i < 6; i += 1)
      ids.push(
        (await a.add({ dueAt: T + i, request, at: T - 1000, by: SYSTEM, address: null })).id,
      );
    await a.add({ dueAt: T + 60_000, request, at: T, by: SYSTEM, address: null });
    const [first, second] = await Promise.all([a.claimDue(T + 10), b.claimDue(T + 10)]);
    const claimed = [...first, ...second].map((c) => c.id).sort((x, y) => x - y);
    expect(claimed).toEqual(ids);
    expect(await a.claimDue(T + 10)).toEqual([]);
    expect((await a.list(T)).filter((c) => c.state === "pending")).toHaveLength(1);
  });

  it("are cancelled only while pending, and one cut off mid-run is not run again", async () => {
    const store = new ScheduledChanges(await test.open());
    const one = await store.add({ dueAt: T, request, at: T - 1, by: SYSTEM, address: "10.0.0.9" });
    const two = await store.add({ dueAt: T, request, at: T - 1, by: SYSTEM, address: null });
    expect(await store.cancel(one.id)).toBe(true);
    expect(await store.cancel(one.id)).toBe(false);
    expect((await store.claimDue(T)).map((c) => c.id)).toEqual([two.id]);
    expect(await store.cancel(two.id)).toBe(false);
    expect(await store.abandonRunning(T + 1)).toEqual([two.id]);
    expect(await store.get(two.id)).toMatchObject({
      state: "failed",
      result: expect.stringMatching(/interrupted/),
    });
    expect(await store.get(one.id)).toMatchObject({ state: "cancelled", address: "10.0.0.9" });
  });
});

describe("a scheduled change", () => {
  let test: TestDatabase;
  let reference: Reference;
  beforeEach(async () => {
    test = testDatabase("sqlite");
    reference = await provinceReference();
  });
  afterEach(() => test.destroy());

  const start = async () => {
    const app = await startTestApp({
      reference,
      database: await test.open(),
      switchAdapter: new SimulatorAdapter({
        reference,
        seed: 2,
        speed: 1,
        start: Date.parse("2026-12-05T23:00:00+03:30"),
        skipIdle: false,
        holdAt: Date.parse("2026-12-05T23:00:00+03:30"),
        log: silentLogger(),
      }),
      control: { scheduleEveryMs: 100 },
    });
    await waitFor(() => app.live.model.state.switchConnected === true);
    return app;
  };

  it("pending across a restart runs once when due, audited as its author", async () => {
    const first = await start();
    const token = await screenToken(first, "shift-lead");
    const dueAt = Date.now() + 1_500;
    const created = await fetch(`${first.url}/api/v1/scheduled-changes`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(token) },
      body: JSON.stringify({ ...request, dueAt: new Date(dueAt).toISOString() }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await first.close();

    const second = await start();
    try {
      const listed = await fetch(`${second.url}/api/v1/scheduled-changes`, {
        headers: bearer(await screenToken(second, "shift-lead")),
      });
      expect(((await listed.json()) as { changes: unknown[] }).changes).toMatchObject([
        { id, state: "pending" },
      ]);
      const change = await until(async () => {
        const now = await second.scheduled.get(id);
        return now?.state === "done" ? now : null;
      });
      expect(Date.now()).toBeGreaterThanOrEqual(dueAt);
      expect([...(second.live.model.state.lines.get("kalat")?.members.keys() ?? [])]).toEqual([
        "farmandar-kalat",
      ]);
      const entry = await second.access.audit.get(change.auditId as number);
      expect(entry).toMatchObject({
        action: "command.add",
        actor: { kind: "token" },
        detail: { scheduledId: id, result: "done" },
      });
      const runs = (await second.access.audit.range()).filter((e) => e.detail.scheduledId === id);
      expect(runs.map((e) => e.action)).toEqual(["command.scheduled", "command.add"]);
      expect(await second.access.audit.verify()).toMatchObject({ broken: null });
    } finally {
      await second.close();
    }
  }, 30_000);
});

/** Polls an asynchronous condition until it gives a value (10 s at most). */
async function until<T>(pick: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await pick();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
