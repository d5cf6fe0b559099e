import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../../server/log.ts";
import { SimulatorAdapter } from "../../../../server/switches/simulator/simulator-adapter.ts";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import { jalaliTimeToMs, tehranJalaliDate, tehranParts } from "../../../../shared/tehran-time.ts";
import { provinceReference } from "../../../support/reference.ts";

async function adapter(options: {
  start: number;
  speed: number;
  skipIdle: boolean;
  holdAt?: number;
  resumeAt?: number;
}) {
  let wall = 1_000_000;
  const sim = new SimulatorAdapter({
    reference: await provinceReference(),
    seed: 9,
    log: silentLogger(),
    wallClock: () => wall,
    ...options,
  });
  const events: SwitchEventInput[] = [];
  await sim.start((batch) => events.push(...batch));
  return {
    sim,
    events,
    advance(ms: number) {
      wall += ms;
      sim.tick();
    },
  };
}

describe("simulator adapter", () => {
  it("runs simulated time at its speed and says so in a heartbeat", async () => {
    const start = Date.parse("2026-12-05T09:00:00+03:30");
    const { sim, events, advance } = await adapter({ start, speed: 20, skipIdle: false });
    advance(1000);
    expect(sim.simNow()).toBe(start + 20_000);
    // A new simulation is a switch that (re)started: its status, then its clock, first of all.
    expect(events.slice(0, 3)).toMatchObject([
      { type: "switch.status", connected: true },
      { type: "switch.heartbeat", rate: 20, at: start },
      { type: "switch.restarted" },
    ]);
    expect(events.filter((e) => e.type === "switch.heartbeat").at(-1)).toMatchObject({
      rate: 20,
      at: start + 20_000,
    });
    await sim.stop();
    await sim.stop();
    expect(events.at(-1)).toMatchObject({ type: "switch.status", connected: false });
  });

  it("jumps over an idle evening to just before the next working morning's first caller", async () => {
    // Sunday 15:30 Tehran: the day's sessions are over.
    const start = Date.parse("2026-11-29T15:30:00+03:30");
    const { sim, events, advance } = await adapter({ start, speed: 10, skipIdle: true });
    advance(100);
    const now = tehranParts(sim.simNow());
    expect(now).toMatchObject({ gd: 30, weekday: 2, hour: 7 });
    expect(now.minute).toBeGreaterThanOrEqual(45);
    for (let i = 0; i < 2000; i += 1) advance(100);
    expect(events.some((e) => e.type === "call.joined")).toBe(true);
    await sim.stop();
  });

  it("starts at the real time when that is within a working morning, not at the next one", async () => {
    // Sunday 10:30 Tehran: the 10:00 sessions are on.
    const start = Date.parse("2026-11-29T10:30:00+03:30");
    const { sim, events, advance } = await adapter({ start, speed: 10, skipIdle: true });
    for (let i = 0; i < 600; i += 1) advance(100);
    // A minute of wall time at 10×: ten simulated minutes, and no jump.
    expect(sim.simNow()).toBe(start + 600_000);
    expect(events.some((e) => e.type === "call.joined")).toBe(true);
    await sim.stop();
  });

  it.each([
    ["1406/02/06", "Sunday after the published timetable"],
    ["1410/07/19", "a Saturday years later"],
  ])("runs a lively morning on %s (%s)", async (date) => {
    const start = jalaliTimeToMs(date, "09:00") ?? Number.NaN;
    const { sim, events, advance } = await adapter({ start, speed: 60, skipIdle: true });
    for (let i = 0; i < 300; i += 1) advance(100);
    expect(tehranJalaliDate(sim.simNow())).toBe(date);
    expect(events.filter((e) => e.type === "official.logged-in").length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === "call.joined").length).toBeGreaterThan(0);
    await sim.stop();
  });

  it("tells a burst of simulated time in steps, so no event runs far ahead of its heartbeat", async () => {
    const start = Date.parse("2026-12-05T09:00:00+03:30");
    const { sim, events, advance } = await adapter({ start, speed: 1000, skipIdle: false });
    for (let i = 0; i < 30; i += 1) advance(100);
    expect(sim.speed).toBe(1000);
    let clock = start;
    for (const e of events) {
      if (e.type === "switch.heartbeat") clock = e.at;
      else if (e.type !== "switch.status") expect(e.at - clock).toBeLessThanOrEqual(60_000);
    }
    expect(clock).toBeGreaterThanOrEqual(start + 2_900_000);
    expect(events.filter((e) => !e.type.startsWith("switch.")).length).toBeGreaterThan(10);
    await sim.stop();
  });

  it("holds its clock and its figures still at holdAt, and says its clock stands still", async () => {
    const start = Date.parse("2026-12-05T09:00:00+03:30");
    const holdAt = start + 10 * 60_000;
    const { sim, events, advance } = await adapter({ start, speed: 60, skipIdle: true, holdAt });
    for (let i = 0; i < 200; i += 1) advance(100);
    expect(sim.simNow()).toBe(holdAt);
    const happenings = () => events.filter((e) => !e.type.startsWith("switch.")).length;
    const before = happenings();
    expect(before).toBeGreaterThan(0);
    expect(events.every((e) => e.at <= holdAt)).toBe(true);
    for (let i = 0; i < 100; i += 1) advance(100);
    expect(happenings()).toBe(before);
    const last = events.filter((e) => e.type === "switch.heartbeat").at(-1);
    expect(last).toMatchObject({ at: holdAt });
    expect(last?.type === "switch.heartbeat" && last.rate).toBeLessThan(1e-6);
    await sim.stop();
  });

  it("resumed, says again at once what the last minutes held, and goes on from the resume point", async () => {
    const start = Date.parse("2026-12-01T09:00:00+03:30");
    const resumeAt = start + 40 * 60_000;
    const { sim, events } = await adapter({ start, speed: 10, skipIdle: false, resumeAt });
    expect(sim.simNow()).toBe(resumeAt);
    expect(events.slice(0, 2)).toMatchObject([
      { type: "switch.status", connected: true, detail: "simulator resumed" },
      { type: "switch.heartbeat", at: resumeAt },
    ]);
    const said = events.slice(2);
    expect(said.length).toBeGreaterThan(0);
    // The same events, with the same ids, as a run that never stopped made in those minutes.
    const { events: uninterrupted, advance } = await adapter({ start, speed: 1, skipIdle: false });
    advance(40 * 60_000);
    const overlap = uninterrupted.filter(
      (e) => e.type.startsWith("call.") && e.at > resumeAt - 5 * 60_000 && e.at <= resumeAt,
    );
    expect(overlap.length).toBeGreaterThan(0);
    const saidIds = new Set(said.map((e) => e.id));
    for (const event of overlap) expect(saidIds).toContain(event.id);
    expect(said.every((e) => e.at >= resumeAt - 5 * 60_000 && e.at <= resumeAt)).toBe(true);
  });

  it("obeys a command and delivers its event at once", async () => {
    const start = Date.parse("2026-12-05T09:00:00+03:30");
    const { sim, events } = await adapter({ start, speed: 1, skipIdle: false });
    expect(
      await sim.command({ type: "login", line: "kalat", official: "farmandar-kalat" }),
    ).toMatchObject({ ok: true });
    expect(events.at(-1)).toMatchObject({
      type: "official.logged-in",
      line: "kalat",
      official: "farmandar-kalat",
    });
    await sim.stop();
  });
});
