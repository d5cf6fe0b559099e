/**
 * An instance that runs no simulator itself (SWITCH=none) still says its figures are simulated
 * when the simulator feeds the log: the health it serves carries the simulator's speed, read from
 * the heartbeats the log holds.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../../server/app.ts";
import { MemoryLog } from "../../../../server/events/memory-log.ts";
import type { ServerHealth } from "../../../../shared/wire.ts";
import { startTestApp } from "../../../support/app.ts";
import { smallReference } from "../../../support/reference.ts";

const heartbeat = (source: string, rate: number, n: number) =>
  JSON.stringify({
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

describe("telling simulated figures from the log", () => {
  it("gives the speed of the simulator's heartbeats, and null once a real switch beats", async () => {
    const eventLog = new MemoryLog();
    const app = await startTestApp({ reference: smallReference(), eventLog });
    running.push(app);
    const health = async () => (await (await fetch(`${app.url}/healthz`)).json()) as ServerHealth;
    expect(await health()).toMatchObject({ switchKind: "none", simulation: null });
    await eventLog.append([heartbeat("simulator", 10, 1)]);
    await expect.poll(async () => (await health()).simulation).toEqual({ speed: 10 });
    expect((await health()).switchKind).toBe("none");
    await eventLog.append([heartbeat("ami", 1, 2)]);
    await expect.poll(async () => (await health()).simulation).toBeNull();
  });
});
