import { afterEach, describe, expect, it } from "vitest";
import { alertThresholdsSchema } from "../../../shared/alerts.ts";
import { Counters } from "../../../server/counters.ts";
import { MemoryLog } from "../../../server/events/memory-log.ts";
import { MemoryHistory, type HistoryStore } from "../../../server/history/history-store.ts";
import { MemoryCheckpoints, type CheckpointStore } from "../../../server/live/checkpoint-store.ts";
import { LiveService } from "../../../server/live/live-service.ts";
import { silentLogger } from "../../../server/log.ts";
import { emptyIntervals } from "../../../shared/intervals.ts";
import { applyDelta, type Delta } from "../../../shared/snapshot.ts";
import { tehranDayStart } from "../../../shared/tehran-time.ts";
import { event, sec, T0 } from "../../support/events.ts";
import { smallReference } from "../../support/reference.ts";

const running: LiveService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
});

/** Lets the memory log deliver what was appended (it delivers in a microtask, as a real one). */
const delivered = () => new Promise((resolve) => setTimeout(resolve, 0));

async function setup(
  options: {
    log?: MemoryLog;
    history?: HistoryStore;
    checkpoints?: CheckpointStore;
    wallStart?: number;
  } = {},
) {
  const clock = { wall: options.wallStart ?? T0 };
  const log = options.log ?? new MemoryLog({ clock: () => clock.wall });
  const counters = new Counters();
  const service = await LiveService.start({
    reference: smallReference(),
    thresholds: alertThresholdsSchema.parse({}),
    eventLog: log,
    checkpoints: options.checkpoints ?? null,
    history: options.history ?? null,
    logger: silentLogger(),
    counters,
    wallClock: () => clock.wall,
    // The tests flush by hand.
    flushIntervalMs: 3_600_000,
    frozenAfterMs: 2_000,
  });
  running.push(service);
  const deltas: Delta[] = [];
  service.onDelta((d) => deltas.push(d));
  return {
    service,
    log,
    counters,
    deltas,
    clock,
    advance(ms: number) {
      clock.wall += ms;
    },
    async append(...items: unknown[]) {
      await log.append(
        items.map((item) => (typeof item === "string" ? item : JSON.stringify(item))),
      );
      await delivered();
    },
  };
}

describe("live service", () => {
  it("coalesces a burst of events into one delta per flush", async () => {
    const { service, deltas, append, advance } = await setup();
    deltas.length = 0;
    await append(
      ...Array.from({ length: 1000 }, (_, i) =>
        event({ type: "call.joined", line: "kalat", call: `c${i}`, at: sec(1) }),
      ),
    );
    advance(250);
    service.flush();
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.province?.offered).toBe(1000);
    expect(deltas[0]?.counties?.map((c) => c.id)).toEqual(["kalat"]);
  });

  it("counts and drops bad messages, keeps the good ones around them, and keeps flushing", async () => {
    const { service, counters, append, advance } = await setup();
    const seq = service.snapshot().seq;
    await append(
      event({ type: "call.joined", line: "kalat", call: "ok1", at: sec(1) }),
      "{garbage",
      { type: "call.joined", line: "kalat" },
      // Beyond the range of a Date: once it crashed the process.
      { ...event({ type: "call.joined", line: "kalat", call: "x", at: sec(1) }), at: 9e15 },
      event({ type: "call.joined", line: "kalat", call: "ok2", at: sec(2) }),
    );
    advance(250);
    service.flush();
    expect(counters.get("events.rejected")).toBe(3);
    expect(service.health().rejected).toEqual({ "not-json": 1, "invalid-event": 2 });
    expect(service.snapshot()).toMatchObject({ seq: seq + 1, province: { offered: 2 } });
  });

  it("sends a keep-alive each second when nothing happens, and nothing in between", async () => {
    const { service, deltas, advance } = await setup();
    deltas.length = 0;
    advance(250);
    expect(service.flush()).toBeNull();
    advance(750);
    // A keep-alive carries only its sequence number and time: nothing changed.
    expect(Object.keys(service.flush() ?? {}).sort()).toEqual(["at", "epoch", "seq"]);
    expect(deltas).toHaveLength(1);
  });

  it("serves the snapshot of the last sequence number, equal to the deltas applied", async () => {
    const { service, append, advance, deltas } = await setup();
    let client = service.snapshot();
    deltas.length = 0;
    await append(
      event({ type: "official.logged-in", line: "kalat", official: "farmandar-kalat", at: T0 }),
    );
    advance(250);
    service.flush();
    await append(event({ type: "call.joined", line: "kalat", call: "w", at: T0 + 300 }));
    advance(250);
    service.flush();
    // An event applied but not yet flushed must not show in the snapshot of the current seq.
    await append(event({ type: "call.joined", line: "mashhad", call: "w2", at: T0 + 600 }));
    for (const d of deltas) client = applyDelta(client, d);
    expect(service.snapshot()).toEqual(client);
    expect(service.snapshot().province.waiting).toBe(1);
  });

  it("tells the switch's time between events from the heartbeat's rate", async () => {
    const { service, append, advance } = await setup();
    await append(
      event({ type: "switch.heartbeat", rate: 60, at: T0 }),
      event({ type: "call.joined", line: "kalat", call: "w", at: T0 }),
    );
    advance(1000);
    service.flush();
    // One wall second at sixty times: the caller has waited a simulated minute.
    expect(service.snapshot().lines.find((l) => l.id === "kalat")?.longestWaitSec).toBe(60);
    expect(service.switchNow()).toBe(T0 + 60_000);
  });

  it("follows a simulator whose clock is hours behind the server's", async () => {
    // A simulator started at 09:00 while the server's clock says 15:30.
    const { service, append, advance } = await setup({ wallStart: T0 + 6.5 * 3_600_000 });
    await append(
      event({ type: "switch.status", connected: true, at: T0 }),
      event({ type: "switch.heartbeat", rate: 10, at: T0 }),
      event({ type: "call.joined", line: "kalat", call: "w", at: T0 }),
    );
    advance(3000);
    service.flush();
    const snapshot = service.snapshot();
    expect(snapshot.at).toBe(new Date(T0 + 30_000).toISOString());
    expect(snapshot.province.longestWaitSec).toBe(30);
    expect(snapshot.dayStart).toBe(new Date(tehranDayStart(T0)).toISOString());
  });

  it("compares today with the same weekday last week from the history", async () => {
    const history = new MemoryHistory();
    const lastWeek = emptyIntervals();
    lastWeek[36] = {
      offered: 10,
      answered: 6,
      abandoned: 4,
      shortAbandoned: 0,
      timedOut: 0,
      leftUnanswered: 0,
    };
    await history.saveDay(tehranDayStart(T0) - 7 * 86_400_000, lastWeek);
    const { service, advance } = await setup({ history });
    await delivered();
    advance(250);
    service.flush();
    const loaded = service.snapshot().intervals.lastWeek;
    expect(loaded).toHaveLength(96);
    expect(loaded?.[36]).toMatchObject({ offered: 10, answerRate: 0.6 });
  });

  it("keeps the day that ended in the history", async () => {
    const history = new MemoryHistory();
    const { service, append, advance } = await setup({ history });
    await append(event({ type: "call.joined", line: "kalat", call: "y", at: T0 }));
    advance(86_400_000);
    await append(event({ type: "switch.heartbeat", rate: 1, at: T0 + 86_400_000 }));
    advance(250);
    service.flush();
    await service.stop();
    const kept = await history.loadDay(tehranDayStart(T0));
    expect(kept?.[36]?.offered).toBe(1);
  });

  it("raises an alert while its condition holds and drops it when it clears", async () => {
    const { service, append, advance } = await setup();
    await append(
      event({ type: "switch.status", connected: true, at: T0 }),
      event({ type: "call.joined", line: "kalat", call: "u", at: T0 }),
    );
    advance(40_000);
    await append(event({ type: "switch.heartbeat", rate: 1, at: T0 + 40_000 }));
    service.flush();
    // The small reference has Kalat's governor scheduled 08:00–10:00 and not logged in.
    expect(service.snapshot().alerts.map((a) => a.id)).toEqual([
      "unattended:kalat",
      "absent:farmandar-kalat",
    ]);
    advance(1_000);
    await append(
      event({ type: "call.abandoned", line: "kalat", call: "u", waitSec: 41, at: T0 + 41_000 }),
    );
    service.flush();
    expect(service.snapshot().alerts.map((a) => a.id)).toEqual(["absent:farmandar-kalat"]);
  });

  it("says its figures are frozen when the flush loop stops running", async () => {
    const { service, advance } = await setup();
    expect(service.health().frozen).toBe(false);
    advance(60_000);
    expect(service.health().frozen).toBe(true);
    service.flush();
    expect(service.health().frozen).toBe(false);
  });
});

describe("live service across a restart", () => {
  const morning = () => [
    event({ type: "switch.heartbeat", rate: 1, at: T0 }),
    event({ type: "official.logged-in", line: "kalat", official: "farmandar-kalat", at: T0 }),
    ...Array.from({ length: 20 }, (_, i) => [
      event({ type: "call.joined", line: "kalat", call: `m${i}`, at: sec(10 * i) }),
      event({
        type: "call.answered",
        line: "kalat",
        call: `m${i}`,
        official: "farmandar-kalat",
        waitSec: 3,
        at: sec(10 * i + 3),
      }),
    ]).flat(),
    event({ type: "call.joined", line: "mashhad", call: "still-waiting", at: sec(300) }),
  ];

  for (const withCheckpoint of [true, false]) {
    it(`shows the figures of a run that never stopped (${withCheckpoint ? "from a checkpoint" : "from the whole log"})`, async () => {
      const events = morning();
      const half = Math.floor(events.length / 2);
      const checkpoints = withCheckpoint ? new MemoryCheckpoints() : undefined;
      const first = await setup({ checkpoints });
      await first.append(...events.slice(0, half));
      first.advance(250);
      first.service.flush();
      // Killed mid-morning: stopped here, started again on the same log.
      await first.service.stop();
      running.splice(running.indexOf(first.service), 1);
      await first.log.append(events.slice(half).map((e) => JSON.stringify(e)));
      const second = await setup({ log: first.log, checkpoints, wallStart: first.clock.wall });

      const never = await setup({ wallStart: first.clock.wall });
      await never.append(...events);
      for (const run of [second, never]) {
        run.advance(250);
        run.service.flush();
      }
      const figures = (s: typeof second) => {
        const { lines, counties, officials, province, intervals } = s.service.snapshot();
        return { lines, counties, officials, province, today: intervals.today };
      };
      expect(figures(second)).toEqual(figures(never));
      expect(figures(second).province).toMatchObject({ offered: 21, answered: 20, waiting: 1 });
    });
  }
});
