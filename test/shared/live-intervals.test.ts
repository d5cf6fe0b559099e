/** The history's intervals and call records as the reducer closes them. */
import { describe, expect, it } from "vitest";
import { parseSwitchEvent } from "../../shared/events.ts";
import { takeOutbox } from "../../shared/live-intervals.ts";
import { applyEvent, createLiveState, reduceEvents } from "../../shared/live-state.ts";
import type { ClosedIntervalRecord, LineIntervalCounts } from "../../shared/live-types.ts";
import { Simulation } from "../../server/switches/simulator/simulation.ts";
import { event, T0 } from "../support/events.ts";
import { provinceReference, smallReference } from "../support/reference.ts";

const reference = smallReference();
const MIN = 60_000;
/** 09:00 Tehran: an interval starts there. */
const NINE = T0;

function morning() {
  const state = createLiveState(reference, NINE);
  const apply = (...events: ReturnType<typeof event>[]) => {
    for (const e of events) expect(applyEvent(state, e)).toEqual({ ok: true });
  };
  apply(
    event({ type: "switch.heartbeat", rate: 1, at: NINE }),
    event({ type: "official.logged-in", line: "kalat", official: "farmandar-kalat", at: NINE }),
  );
  return { state, apply };
}

const lineRows = (rows: ClosedIntervalRecord[]) =>
  rows.filter((r): r is Extract<ClosedIntervalRecord, { kind: "line" }> => r.kind === "line");

describe("history intervals", () => {
  it("closes a line's 15 minutes with its calls when the clock leaves them", () => {
    const { state, apply } = morning();
    apply(
      event({ type: "call.joined", line: "kalat", call: "a", caller: "p-1", at: NINE + MIN }),
      event({
        type: "call.answered",
        line: "kalat",
        call: "a",
        official: "farmandar-kalat",
        waitSec: 30,
        at: NINE + MIN + 30_000,
      }),
      event({
        type: "call.ended",
        line: "kalat",
        call: "a",
        official: "farmandar-kalat",
        waitSec: 30,
        talkSec: 120,
        endedBy: "caller",
        at: NINE + 3.5 * MIN,
      }),
      event({ type: "call.joined", line: "kalat", call: "b", at: NINE + 10 * MIN }),
      event({
        type: "call.abandoned",
        line: "kalat",
        call: "b",
        waitSec: 3,
        at: NINE + 10 * MIN + 3_000,
      }),
    );
    expect(state.outbox.intervals).toEqual([]);
    apply(event({ type: "switch.heartbeat", rate: 1, at: NINE + 15 * MIN }));
    const { intervals, calls } = takeOutbox(state);
    expect(lineRows(intervals)).toEqual([
      {
        start: NINE,
        kind: "line",
        id: "kalat",
        county: "kalat",
        agency: null,
        counts: expect.objectContaining<Partial<LineIntervalCounts>>({
          offered: 2,
          answered: 1,
          answeredInServiceLevel: 0,
          abandoned: 1,
          shortAbandoned: 1,
          completed: 1,
          waitAnsweredSec: 30,
          talkSec: 120,
          longestWaitSec: 30,
        }),
      },
    ]);
    expect(calls).toEqual([
      {
        line: "kalat",
        call: "a",
        caller: "p-1",
        official: "farmandar-kalat",
        joinedAt: NINE + MIN,
        answeredAt: NINE + MIN + 30_000,
        endedAt: NINE + 3.5 * MIN,
        waitSec: 30,
        talkSec: 120,
        outcome: "answered",
      },
      expect.objectContaining({ call: "b", outcome: "abandoned", waitSec: 3, official: null }),
    ]);
  });

  it("accounts an official's time on the line by state, split at the interval's end", () => {
    const { state, apply } = morning();
    apply(
      event({
        type: "official.paused",
        line: "kalat",
        official: "farmandar-kalat",
        reason: "جلسه",
        at: NINE + 5 * MIN,
      }),
      event({
        type: "official.resumed",
        line: "kalat",
        official: "farmandar-kalat",
        at: NINE + 10 * MIN,
      }),
      event({ type: "call.joined", line: "kalat", call: "c", at: NINE + 10 * MIN }),
      event({
        type: "call.answered",
        line: "kalat",
        call: "c",
        official: "farmandar-kalat",
        waitSec: 0,
        at: NINE + 10 * MIN,
      }),
      event({
        type: "call.ended",
        line: "kalat",
        call: "c",
        official: "farmandar-kalat",
        waitSec: 0,
        talkSec: 420,
        endedBy: "official",
        at: NINE + 17 * MIN,
      }),
      event({ type: "switch.heartbeat", rate: 1, at: NINE + 31 * MIN }),
    );
    const officials = takeOutbox(state).intervals.filter((r) => r.kind === "official");
    expect(officials.map((r) => [r.start, r.counts])).toEqual([
      [
        NINE,
        {
          answered: 1,
          talkSec: 0,
          loggedInSec: 900,
          availableSec: 300,
          onCallSec: 300,
          pausedSec: 300,
        },
      ],
      [
        NINE + 15 * MIN,
        {
          answered: 0,
          talkSec: 420,
          loggedInSec: 900,
          availableSec: 780,
          onCallSec: 120,
          pausedSec: 0,
        },
      ],
    ]);
  });

  it("records an official's presence on each line, split at changes and at interval ends", () => {
    const { state, apply } = morning();
    apply(
      event({
        type: "official.paused",
        line: "kalat",
        official: "farmandar-kalat",
        reason: "",
        at: NINE + 5 * MIN,
      }),
      event({
        type: "official.resumed",
        line: "kalat",
        official: "farmandar-kalat",
        at: NINE + 10 * MIN,
      }),
      // A resync that repeats the login changes nothing.
      event({
        type: "official.logged-in",
        line: "kalat",
        official: "farmandar-kalat",
        at: NINE + 12 * MIN,
      }),
      event({
        type: "official.logged-out",
        line: "kalat",
        official: "farmandar-kalat",
        at: NINE + 20 * MIN,
      }),
      event({ type: "switch.heartbeat", rate: 1, at: NINE + 31 * MIN }),
    );
    const spans = takeOutbox(state).presence.map((p) => [
      p.line,
      (p.from - NINE) / MIN,
      (p.to - NINE) / MIN,
      p.paused,
    ]);
    expect(spans).toEqual([
      ["kalat", 0, 5, false],
      ["kalat", 5, 10, true],
      ["kalat", 10, 15, false],
      ["kalat", 15, 20, false],
    ]);
  });

  it("counts an event that comes after its interval closed in the open one, and changes no closed row", () => {
    const { state, apply } = morning();
    apply(
      event({ type: "call.joined", line: "kalat", call: "x", at: NINE + 14 * MIN }),
      event({ type: "switch.heartbeat", rate: 1, at: NINE + 16 * MIN }),
    );
    const closed = structuredClone(takeOutbox(state).intervals);
    apply(
      event({
        type: "call.abandoned",
        line: "kalat",
        call: "x",
        waitSec: 30,
        at: NINE + 14.5 * MIN,
      }),
    );
    apply(event({ type: "switch.heartbeat", rate: 1, at: NINE + 30 * MIN }));
    const next = lineRows(takeOutbox(state).intervals);
    expect(lineRows(closed)[0]?.counts).toMatchObject({ offered: 1, abandoned: 0 });
    expect(next).toEqual([expect.objectContaining({ start: NINE + 15 * MIN })]);
    expect(next[0]?.counts).toMatchObject({ offered: 0, abandoned: 1 });
  });

  it("over a simulated day, the rows of each line add up to the line's figures for the day", async () => {
    const province = await provinceReference();
    const dayStart = Date.parse("2026-12-01T00:00:00+03:30");
    const events = new Simulation({ reference: province, seed: 3, start: dayStart })
      .advanceTo(dayStart + 86_400_000 - 1_000)
      .map((e) => {
        const parsed = parseSwitchEvent(e);
        if (!parsed.ok) throw new Error(parsed.reason);
        return parsed.event;
      });
    const state = reduceEvents(province, events, dayStart);
    const rows = [
      ...lineRows(takeOutbox(state).intervals),
      ...[...state.openInterval.lines].map(([id, counts]) => ({ id, counts })),
    ];
    const sums = new Map<string, Record<string, number>>();
    for (const row of rows) {
      const sum = sums.get(row.id) ?? {};
      for (const [field, value] of Object.entries(row.counts)) {
        sum[field] =
          field === "longestWaitSec" ? Math.max(sum[field] ?? 0, value) : (sum[field] ?? 0) + value;
      }
      sums.set(row.id, sum);
    }
    let offered = 0;
    for (const line of state.lines.values()) {
      const c = line.counters;
      offered += c.offered;
      const sum = sums.get(line.id) ?? {};
      const fields = Object.keys(rows[0]?.counts ?? {});
      expect({
        id: line.id,
        ...Object.fromEntries(fields.map((f) => [f, sum[f] ?? 0])),
      }).toMatchObject({
        id: line.id,
        offered: c.offered,
        answered: c.answered,
        abandoned: c.abandoned,
        shortAbandoned: c.shortAbandoned,
        timedOut: c.timedOut,
        lost: c.lost,
        completed: c.completed,
        answeredInServiceLevel: c.answeredInServiceLevel,
        waitAnsweredSec: c.waitAnsweredSec,
        talkSec: c.talkSec,
      });
    }
    expect(offered).toBeGreaterThan(100);
  });
});
