import { describe, expect, it } from "vitest";
import { alertThresholdsSchema } from "../../../shared/alerts.ts";
import { Aggregator } from "../../../server/aggregator/aggregator.ts";
import { Counters } from "../../../server/counters.ts";
import { MemoryHistory, type HistoryStore } from "../../../server/history/history-store.ts";
import { emptyIntervals } from "../../../shared/intervals.ts";
import { tehranDayStart } from "../../../shared/tehran-time.ts";
import { silentLogger } from "../../../server/log.ts";
import type { Delta } from "../../../shared/snapshot.ts";
import { applyDelta } from "../../../shared/snapshot.ts";
import { event, sec, T0 } from "../../support/events.ts";
import { smallReference } from "../../support/reference.ts";

function setup(options: { history?: HistoryStore; wallStart?: number } = {}) {
  let wall = options.wallStart ?? T0;
  const counters = new Counters();
  const aggregator = new Aggregator({
    reference: smallReference(),
    log: silentLogger(),
    counters,
    thresholds: alertThresholdsSchema.parse({}),
    history: options.history ?? null,
    wallClock: () => wall,
  });
  const deltas: Delta[] = [];
  aggregator.onDelta((d) => deltas.push(d));
  return {
    aggregator,
    counters,
    deltas,
    advance(ms: number) {
      wall += ms;
    },
    send(e: unknown) {
      aggregator.handleMessage(JSON.stringify(e));
    },
  };
}

describe("aggregator", () => {
  it("coalesces a burst of events into one delta per flush", () => {
    const { aggregator, deltas, send, advance } = setup();
    for (let i = 0; i < 1000; i += 1) {
      send(event({ type: "call.joined", line: "kalat", call: `c${i}`, at: sec(1) }));
    }
    advance(250);
    aggregator.flush();
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.seq).toBe(1);
    expect(deltas[0]?.province.offered).toBe(1000);
    expect(deltas[0]?.counties.map((c) => c.id)).toEqual(["kalat"]);
  });

  it("counts and drops bad messages without losing the good ones around them", () => {
    const { aggregator, counters, send, advance } = setup();
    send(event({ type: "call.joined", line: "kalat", call: "ok1", at: sec(1) }));
    aggregator.handleMessage("{garbage");
    send({ type: "call.joined", line: "kalat" });
    aggregator.handleMessage(
      JSON.stringify({ ...event({ type: "call.joined", line: "kalat", call: "x" }), at: -5 }),
    );
    send(event({ type: "call.joined", line: "kalat", call: "ok2", at: sec(2) }));
    advance(250);
    aggregator.flush();
    expect(counters.get("events.rejected")).toBe(3);
    expect(aggregator.snapshot().province.offered).toBe(2);
  });

  it("sends a keep-alive each second when nothing happens, and nothing in between", () => {
    const { aggregator, deltas, advance } = setup();
    advance(250);
    expect(aggregator.flush()).toBeNull();
    advance(750);
    expect(aggregator.flush()).toMatchObject({ seq: 1, lines: [], officials: [] });
    expect(deltas).toHaveLength(1);
  });

  it("serves the snapshot of the last sequence number, equal to the deltas applied", () => {
    const { aggregator, send, advance, deltas } = setup();
    let client = aggregator.snapshot();
    send(event({ type: "official.logged-in", line: "kalat", official: "farmandar-kalat", at: T0 }));
    advance(250);
    aggregator.flush();
    send(event({ type: "call.joined", line: "kalat", call: "w", at: T0 + 300 }));
    advance(250);
    aggregator.flush();
    // An event applied but not yet flushed must not show in the snapshot of the current seq.
    send(event({ type: "call.joined", line: "mashhad", call: "w2", at: T0 + 600 }));
    for (const d of deltas) client = applyDelta(client, d);
    expect(aggregator.snapshot()).toEqual(client);
    expect(aggregator.snapshot().province.waiting).toBe(1);
  });

  it("tells the switch's time between events from the heartbeat's rate", () => {
    const { aggregator, send, advance } = setup();
    send(event({ type: "switch.heartbeat", rate: 60, at: T0 }));
    send(event({ type: "call.joined", line: "kalat", call: "w", at: T0 }));
    advance(1000);
    aggregator.flush();
    // One wall second at sixty times: the caller has waited a simulated minute.
    expect(aggregator.snapshot().lines.find((l) => l.id === "kalat")?.longestWaitSec).toBe(60);
    expect(aggregator.switchNow()).toBe(T0 + 60_000);
  });

  it("follows a switch whose clock is hours behind the server's", () => {
    // A simulator started at 09:00 while the server's clock says 15:30.
    const { aggregator, send, advance } = setup({ wallStart: T0 + 6.5 * 3_600_000 });
    send(event({ type: "switch.heartbeat", rate: 10, at: T0 }));
    send(event({ type: "call.joined", line: "kalat", call: "w", at: T0 }));
    advance(3000);
    aggregator.flush();
    const snapshot = aggregator.snapshot();
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
    const { aggregator, advance } = setup({ history });
    await new Promise((resolve) => setTimeout(resolve, 0));
    advance(250);
    aggregator.flush();
    const loaded = aggregator.snapshot().intervals.lastWeek;
    expect(loaded).toHaveLength(96);
    expect(loaded?.[36]).toMatchObject({ offered: 10, answerRate: 0.6 });
  });

  it("keeps the day that ended in the history", async () => {
    const history = new MemoryHistory();
    const { aggregator, send, advance } = setup({ history });
    send(event({ type: "call.joined", line: "kalat", call: "y", at: T0 }));
    send(event({ type: "switch.heartbeat", rate: 1, at: T0 + 86_400_000 }));
    advance(250);
    aggregator.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const kept = await history.loadDay(tehranDayStart(T0));
    expect(kept?.[36]?.offered).toBe(1);
  });

  it("raises an alert while its condition holds and drops it when it clears", () => {
    const { aggregator, send, advance } = setup();
    send(event({ type: "call.joined", line: "kalat", call: "u", at: T0 }));
    send(event({ type: "switch.heartbeat", rate: 1, at: T0 + 40_000 }));
    advance(250);
    aggregator.flush();
    // The small reference has Kalat's governor scheduled 08:00–10:00 and not logged in.
    expect(aggregator.snapshot().alerts.map((a) => a.id)).toEqual([
      "unattended:kalat",
      "absent:farmandar-kalat",
    ]);
    send(event({ type: "call.abandoned", line: "kalat", call: "u", waitSec: 41, at: T0 + 41_000 }));
    advance(250);
    aggregator.flush();
    expect(aggregator.snapshot().alerts.map((a) => a.id)).toEqual(["absent:farmandar-kalat"]);
  });
});
