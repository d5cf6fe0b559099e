/**
 * What a new leader hands its switch adapter: the calls the log holds open (by the switch's own
 * ids), the switch time heard, and the switch's counters as last expected, kept through a
 * checkpoint, and only within the day the state covers.
 */
import { describe, expect, it } from "vitest";
import type { SwitchEvent } from "../../../shared/events.ts";
import { stateFromJson, stateToJson } from "../../../shared/checkpoint.ts";
import { reduceEvents } from "../../../shared/live-state.ts";
import { handoverOf } from "../../../server/live/handover.ts";

const T = Date.UTC(2026, 10, 30, 6, 0, 0); // 09:30 Tehran
const NO_REFERENCE = { counties: [], agencies: [], lines: [], officials: [], sessions: [] };
const base = (n: number, at: number) => ({ id: `e${n}`, v: 1 as const, at, source: "ami" });

const events: SwitchEvent[] = [
  { ...base(1, T), type: "call.joined", line: "mashhad", call: "1795949752.1" },
  { ...base(2, T + 1000), type: "call.joined", line: "mashhad", call: "1795949753.2" },
  {
    ...base(3, T + 4000),
    type: "call.answered",
    line: "mashhad",
    call: "1795949752.1",
    official: "reza",
    waitSec: 4,
  },
  {
    ...base(4, T + 5000),
    type: "line.switch-tally",
    line: "mashhad",
    queue: "q-mashhad",
    completed: 12,
    abandoned: 3,
    completedInServiceLevel: 10,
    abandonedInServiceLevel: null,
    serviceLevelSec: 20,
  },
];

describe("the handover to a switch adapter taking over", () => {
  it("hands on the open calls by the switch's ids, the time heard and the switch's counters", () => {
    const state = reduceEvents(NO_REFERENCE, events, T);
    const handover = handoverOf(state, T + 6000);
    expect(handover.heardUntil).toBe(T + 5000);
    expect(handover.calls).toEqual(
      expect.arrayContaining([
        {
          call: "1795949752.1",
          line: "mashhad",
          joinedAt: T,
          official: "reza",
          answeredAt: T + 4000,
        },
        {
          call: "1795949753.2",
          line: "mashhad",
          joinedAt: T + 1000,
          official: null,
          answeredAt: null,
        },
      ]),
    );
    expect(handover.calls).toHaveLength(2);
    expect(handover.tallies).toEqual([
      {
        queue: "q-mashhad",
        completed: 12,
        abandoned: 3,
        completedInServiceLevel: 10,
        abandonedInServiceLevel: null,
        serviceLevelSec: 20,
      },
    ]);
  });

  it("keeps the switch's counters through a checkpoint, and changes no figure with them", () => {
    const state = reduceEvents(NO_REFERENCE, events, T);
    const without = reduceEvents(
      NO_REFERENCE,
      events.filter((e) => e.type !== "line.switch-tally"),
      T,
    );
    expect(state.lines.get("mashhad")?.counters).toEqual(without.lines.get("mashhad")?.counters);
    const restored = stateFromJson(JSON.parse(JSON.stringify(stateToJson(state))));
    expect(restored && handoverOf(restored, T + 6000)).toEqual(handoverOf(state, T + 6000));
  });

  it("hands on no counters once the switch's day has ended: they would count in the wrong day", () => {
    const state = reduceEvents(NO_REFERENCE, events, T);
    const nextDay = handoverOf(state, state.nextDayStart + 1000);
    expect(nextDay.tallies).toEqual([]);
    expect(nextDay.calls).toHaveLength(2);
  });

  it("hands on nothing heard from an empty log", () => {
    const state = reduceEvents(NO_REFERENCE, [], T);
    expect(handoverOf(state, T)).toEqual({ heardUntil: null, calls: [], tallies: [] });
  });
});
