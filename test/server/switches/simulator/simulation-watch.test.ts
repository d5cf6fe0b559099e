/**
 * An instance that runs no simulator itself (SWITCH=none) still says its figures are simulated
 * when the simulator feeds its bus: the health it serves carries the simulator's speed.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../../server/app.ts";
import { publishEvents } from "../../../../server/bus/event-bus.ts";
import { MemoryBus } from "../../../../server/bus/memory-bus.ts";
import { SimulationWatch } from "../../../../server/switches/simulator/simulation-watch.ts";
import type { ServerHealth } from "../../../../shared/wire.ts";
import { startTestApp } from "../../../support/app.ts";
import { smallReference } from "../../../support/reference.ts";

const heartbeat = (source: string, rate: number, n: number) => ({
  type: "switch.heartbeat" as const,
  id: `hb-${source}-${n}`,
  v: 1 as const,
  at: Date.parse("2026-12-05T09:00:00+03:30") + n * 1000,
  source,
  rate,
});

const running: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

describe("telling simulated figures from the bus", () => {
  it("gives the speed of the simulator's heartbeats, and null once a real switch beats", async () => {
    const bus = new MemoryBus();
    const app = await startTestApp({ reference: smallReference(), bus });
    running.push(app);
    const health = async () => (await (await fetch(`${app.url}/healthz`)).json()) as ServerHealth;
    expect(await health()).toMatchObject({ switchKind: "none", simulation: null });
    await publishEvents(bus, [heartbeat("simulator", 10, 1)]);
    await expect.poll(async () => (await health()).simulation).toEqual({ speed: 10 });
    expect((await health()).switchKind).toBe("none");
    await publishEvents(bus, [heartbeat("ami", 1, 2)]);
    await expect.poll(async () => (await health()).simulation).toBeNull();
  });

  it("ignores what is not a heartbeat, however it is dressed", () => {
    const watch = new SimulationWatch();
    watch.observe(JSON.stringify(heartbeat("simulator", 30, 1)));
    for (const message of [
      "not json",
      '{"type":"switch.heartbeat"}',
      JSON.stringify({ ...heartbeat("ami", 1, 2), type: "call.joined", note: "switch.heartbeat" }),
      JSON.stringify({ ...heartbeat("ami", 1, 3), padding: "x".repeat(1000) }),
    ]) {
      watch.observe(message);
    }
    expect(watch.simulation).toEqual({ speed: 30 });
  });
});
