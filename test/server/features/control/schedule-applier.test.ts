/**
 * Applying the published schedule: off by default; once an admin switches it on, the leader adds
 * each official at their session's start and removes them at its end, audited as the system.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../../server/app.ts";
import type { ControlSettings } from "../../../../server/features/control/control-settings.ts";
import { ScheduleApplier } from "../../../../server/features/control/schedule-applier.ts";
import { silentLogger } from "../../../../server/log.ts";
import { SimulatorAdapter } from "../../../../server/switches/simulator/simulator-adapter.ts";
import type { ScheduledSession } from "../../../../shared/schedule.ts";
import { bearer, screenToken, startTestApp, waitFor } from "../../../support/app.ts";
import { provinceReference } from "../../../support/reference.ts";

const START = Date.parse("2026-12-05T23:00:00+03:30");
let app: RunningApp;
const sessions: ScheduledSession[] = [];

beforeAll(async () => {
  const reference = await provinceReference();
  app = await startTestApp({
    reference,
    switchAdapter: new SimulatorAdapter({
      reference,
      seed: 4,
      speed: 1,
      start: START,
      skipIdle: false,
      holdAt: START,
      log: silentLogger(),
    }),
    sessions: {
      between: async (from, to) => sessions.filter((s) => s.start >= from && s.start < to),
    },
    control: { scheduleEveryMs: 100 },
  });
  await waitFor(() => app.live.model.state.switchConnected === true);
});
afterAll(() => app?.close());

const members = (line: string) => [...(app.live.model.state.lines.get(line)?.members.keys() ?? [])];

describe("the published schedule", () => {
  it("is applied only once an admin switches it on: added at the start, removed at the end", async () => {
    const now = Date.now();
    sessions.push({
      official: "farmandar-khaf",
      line: "khaf",
      start: now - 1_000,
      end: now + 2_500,
    });
    const admin = await screenToken(app, "admin");
    const read = await fetch(`${app.url}/api/v1/control/settings`, { headers: bearer(admin) });
    expect(await read.json()).toEqual({ applySchedule: false });
    const off = new ScheduleApplier({
      sessions: { between: async () => sessions },
      settings: { read: async () => ({ applySchedule: false }) } as ControlSettings,
      commands: app.commands,
      state: () => app.live.model.state,
      log: silentLogger(),
    });
    expect(await off.apply(now)).toBe(0);
    expect(members("khaf")).toEqual([]);
    const lead = await screenToken(app, "shift-lead");
    const refused = await fetch(`${app.url}/api/v1/control/settings`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...bearer(lead) },
      body: JSON.stringify({ applySchedule: true }),
    });
    expect(refused.status).toBe(403);
    const on = await fetch(`${app.url}/api/v1/control/settings`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...bearer(admin) },
      body: JSON.stringify({ applySchedule: true }),
    });
    expect(await on.json()).toEqual({ applySchedule: true });
    await waitFor(() => members("khaf").includes("farmandar-khaf"));
    await waitFor(() => members("khaf").length === 0, 8_000);
    const entries = (await app.access.audit.range()).filter((e) => e.subject === "khaf");
    expect(entries.map((e) => [e.action, e.actor.name, e.detail.result])).toEqual([
      ["command.add", "samad-live (published schedule)", "done"],
      ["command.remove", "samad-live (published schedule)", "done"],
    ]);
    expect(
      (await app.access.audit.range()).some((e) => e.action === "control.settings-changed"),
    ).toBe(true);
  }, 20_000);
});
