import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../../server/log.ts";
import { SimulatorAdapter } from "../../../../server/switches/simulator/simulator-adapter.ts";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import { tehranParts } from "../../../../shared/tehran-time.ts";
import { provinceReference } from "../../../support/reference.ts";

async function adapter(options: { start: number; speed: number; skipIdle: boolean }) {
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

  it("obeys a command and delivers its event at once", async () => {
    const start = Date.parse("2026-12-05T09:00:00+03:30");
    const { sim, events } = await adapter({ start, speed: 1, skipIdle: false });
    expect(
      await sim.command({ type: "login", line: "kalat", official: "farmandar-kalat" }),
    ).toEqual({ ok: true });
    expect(events.at(-1)).toMatchObject({
      type: "official.logged-in",
      line: "kalat",
      official: "farmandar-kalat",
    });
    await sim.stop();
  });
});
