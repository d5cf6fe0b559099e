/**
 * A real server with the built wall and the simulator, last week's history simulated: what the
 * browser test and `npm run screenshots` open in Chromium.
 */
import type { RunningApp } from "../../server/app.ts";
import { MemoryHistory } from "../../server/history/history-store.ts";
import { silentLogger } from "../../server/log.ts";
import { backfillHistory } from "../../server/switches/simulator/backfill.ts";
import { SimulatorAdapter } from "../../server/switches/simulator/simulator-adapter.ts";
import type { Reference, Thresholds } from "../../shared/reference.ts";
import type { Snapshot } from "../../shared/snapshot.ts";
import { CLIENT_DIR, startTestApp } from "../support/app.ts";

export interface SimulatedWallOptions {
  reference: Reference;
  seed: number;
  /** Where the simulated clock starts (epoch ms). */
  start: number;
  speed: number;
  /** @default the defaults of data/thresholds.json's schema */
  thresholds?: Thresholds;
  /** Where the simulated clock stops (see SimulatorAdapter). @default null */
  holdAt?: number | null;
  /** The simulator's wall clock. @default Date.now */
  wallClock?: () => number;
  /** @default 0: a free port */
  port?: number;
}

export async function startSimulatedWall(options: SimulatedWallOptions): Promise<RunningApp> {
  const { reference, seed, start } = options;
  const history = new MemoryHistory();
  await backfillHistory({ reference, seed, start, days: 7, history });
  const simulator = new SimulatorAdapter({
    reference,
    seed,
    speed: options.speed,
    start,
    skipIdle: false,
    holdAt: options.holdAt ?? null,
    wallClock: options.wallClock,
    log: silentLogger(),
  });
  return startTestApp({
    reference,
    switchAdapter: simulator,
    clientDir: CLIENT_DIR,
    history,
    thresholds: options.thresholds,
    flushIntervalMs: 250,
    port: options.port,
  });
}

/**
 * A wall whose simulated clock runs from `start` and stands still at `holdAt`: the simulator
 * jumps at once to `runInMs` before the hold (the morning simulated in one go) and lives only those
 * last minutes at its speed, so alerts have an age as on a real morning. Resolves once the
 * server's clock stands at `holdAt`; from then on every figure on the wall is fixed.
 */
export async function startHeldWall(
  options: Omit<SimulatedWallOptions, "wallClock"> & {
    holdAt: number;
    runInMs: number;
    timeoutMs: number;
  },
): Promise<RunningApp> {
  let jump = 0;
  const app = await startSimulatedWall({ ...options, wallClock: () => Date.now() + jump });
  jump = Math.max(0, options.holdAt - options.runInMs - options.start) / options.speed;
  const until = Date.now() + options.timeoutMs;
  for (;;) {
    const snapshot = (await (await fetch(`${app.url}/api/v1/snapshot`)).json()) as Snapshot;
    if (Date.parse(snapshot.at) >= options.holdAt) return app;
    if (Date.now() > until) {
      await app.close();
      throw new Error(`the simulation did not reach its hold (${snapshot.at})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
