/**
 * Two samad-live instances in one process on one real Redis: one leads and runs the simulator,
 * both reduce the same log and show the same figures; when the leader is cut off, the other
 * takes over and the simulation carries on, with no call lost or counted twice.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../server/app.ts";
import { RedisLease } from "../../server/cluster/leader-lease.ts";
import { RedisStreamLog } from "../../server/events/redis-stream-log.ts";
import { MemoryCheckpoints } from "../../server/live/checkpoint-store.ts";
import { LiveModel } from "../../server/live/live-model.ts";
import { silentLogger } from "../../server/log.ts";
import { Simulation } from "../../server/switches/simulator/simulation.ts";
import { SimulatorAdapter } from "../../server/switches/simulator/simulator-adapter.ts";
import { alertThresholdsSchema } from "../../shared/alerts.ts";
import { reduceEvents } from "../../shared/live-state.ts";
import type { Reference } from "../../shared/reference.ts";
import { parseSwitchEvent, type SwitchEvent } from "../../shared/events.ts";
import { waitFor } from "../support/app.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "../support/redis.ts";
import { provinceReference } from "../support/reference.ts";
import { CuttingProxy } from "../support/tcp-proxy.ts";

const SEED = 5;
/** A busy weekday morning, run at 120× so a few seconds hold many calls. */
const START = Date.parse("2026-12-01T09:30:00+03:30");
const SPEED = 120;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch(() => undefined);
  }
});

async function instance(reference: Reference, prefix: string, redisUrl: string) {
  const app = await startApp(
    {
      reference,
      eventLog: await RedisStreamLog.connect({ url: redisUrl, prefix, log: silentLogger() }),
      checkpoints: new MemoryCheckpoints(),
      lease: new RedisLease({
        url: redisUrl,
        prefix,
        log: silentLogger(),
        ttlMs: 1_500,
        renewEveryMs: 250,
      }),
      cluster: { redisUrl, prefix },
      // The same simulation (seed and start) on whichever instance leads, carrying on where the
      // log got to.
      switchAdapter: async (resume) =>
        new SimulatorAdapter({
          reference,
          seed: SEED,
          start: START,
          speed: SPEED,
          skipIdle: false,
          log: silentLogger(),
          resumeAt: resume.switchTime ?? undefined,
        }),
      log: silentLogger(),
      clientDir: "/nonexistent",
      flushIntervalMs: 100,
    },
    { port: 0, host: "127.0.0.1" },
  );
  cleanups.push(() => app.close());
  return app;
}

const figures = (app: RunningApp) => {
  const { lines, counties, officials, province } = app.live.snapshot();
  return { lines, counties, officials: officials.map(({ stateSince: _s, ...o }) => o), province };
};

/** Every event in the log, decoded, as a fresh reader would see it. */
async function wholeLog(prefix: string): Promise<SwitchEvent[]> {
  const log = await RedisStreamLog.connect({ url: REDIS_URL, prefix, log: silentLogger() });
  try {
    const out: SwitchEvent[] = [];
    let after: string | null = null;
    for (;;) {
      const entries = await log.read(after, 5_000);
      if (entries.length === 0) return out;
      after = entries[entries.length - 1]!.id;
      for (const entry of entries) {
        const parsed = parseSwitchEvent(JSON.parse(entry.message));
        if (parsed.ok) out.push(parsed.event);
      }
    }
  } finally {
    await log.close();
  }
}

describe("two instances on one Redis", () => {
  it("show the same figures, and a takeover loses no call and counts none twice", async () => {
    const reference = await provinceReference();
    const prefix = testPrefix();
    cleanups.push(() => deleteKeys(prefix));
    const target = new URL(REDIS_URL);
    const proxy = new CuttingProxy(Number(target.port || 6379), target.hostname);
    const port = await proxy.listen();
    cleanups.push(() => proxy.close());

    // The first instance reaches Redis only through the proxy: cutting it is its crash.
    const first = await instance(reference, prefix, `redis://127.0.0.1:${port}`);
    const second = await instance(reference, prefix, REDIS_URL);
    expect([first.lease.isLeader(), second.lease.isLeader()]).toEqual([true, false]);
    await waitFor(() => first.live.snapshot().province.offered >= 20, 20_000);
    // Both reduce the same log: at the same entry, the same state (read in one synchronous step).
    const same = await waitFor(() => {
      const [a, b] = [first.live.model, second.live.model];
      if (a.lastLogId === null || a.lastLogId !== b.lastLogId) return null;
      return { a: [...a.state.lines.values()], b: [...b.state.lines.values()] };
    }, 10_000);
    expect(same.a.map((line) => line.counters)).toEqual(same.b.map((line) => line.counters));
    expect(same.a.map((line) => [...line.waiting])).toEqual(
      same.b.map((line) => [...line.waiting]),
    );

    proxy.stopAccepting();
    proxy.cut();
    await waitFor(() => second.lease.isLeader(), 10_000);
    expect(first.lease.isLeader()).toBe(false);
    const offeredAtTakeover = second.live.snapshot().province.offered;
    await waitFor(() => second.live.snapshot().province.offered >= offeredAtTakeover + 20, 20_000);

    // Stop the simulation and let the survivor read to the end of the log.
    await second.switchRunner()?.stop();
    const events = await wholeLog(prefix);
    await waitFor(
      () => second.live.health().lastLogId !== null && second.live.model.dirty === false,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    second.live.flush();

    // What an uninterrupted simulation produced up to the same switch time.
    const until = Math.max(...events.filter((e) => e.type !== "switch.status").map((e) => e.at));
    const truth = reduceEvents(
      reference,
      new Simulation({ reference, seed: SEED, start: START }).advanceTo(until).map((e) => {
        const parsed = parseSwitchEvent(e);
        if (!parsed.ok) throw new Error(parsed.reason);
        return parsed.event;
      }),
      START,
    );
    const survivor = second.live.model.state;
    for (const [id, line] of truth.lines) {
      const seen = survivor.lines.get(id)?.counters;
      expect({ id, ...seen }).toMatchObject({
        id,
        offered: line.counters.offered,
        answered: line.counters.answered,
        abandoned: line.counters.abandoned,
        completed: line.counters.completed,
        lost: 0,
      });
    }
    expect(survivor.lostCalls).toBe(0);

    // A reader of the whole log from scratch sees what the survivor shows.
    const fresh = new LiveModel({
      reference,
      thresholds: alertThresholdsSchema.parse({}),
      epoch: "fresh",
      now: START,
    });
    const log = await RedisStreamLog.connect({ url: REDIS_URL, prefix, log: silentLogger() });
    for (const entry of await log.read(null, 1_000_000)) fresh.apply(entry);
    await log.close();
    expect(fresh.state.lines.get("mashhad")?.counters).toEqual(
      survivor.lines.get("mashhad")?.counters,
    );
    expect(figures(second).province.offered).toBeGreaterThan(offeredAtTakeover);
  });
});
