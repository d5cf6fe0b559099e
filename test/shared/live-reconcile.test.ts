/** line.reconciled: calls the switch counted while nobody listened, added and marked. */
import { describe, expect, it } from "vitest";
import { parseSwitchEvent } from "../../shared/events.ts";
import { applyEvent, createLiveState } from "../../shared/live-state.ts";
import { computeViews } from "../../shared/snapshot.ts";
import { stateFromJson, stateToJson } from "../../shared/checkpoint.ts";
import { event, sec, T0 } from "../support/events.ts";
import { smallReference } from "../support/reference.ts";

const reference = smallReference();
const counties = reference.counties.map((c) => c.id);

describe("line.reconciled", () => {
  it("adds to the line's counters, intervals and open interval, marked reconstructed", () => {
    const state = createLiveState(reference, T0);
    applyEvent(state, event({ type: "switch.heartbeat", rate: 1, at: sec(0) }));
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "c1", at: sec(1) }));
    const result = applyEvent(
      state,
      event({
        type: "line.reconciled",
        line: "kalat",
        offered: 2,
        answered: 2,
        completed: 3,
        abandoned: 1,
        answeredInServiceLevel: 1,
        completedInServiceLevel: 2,
        abandonedInServiceLevel: 1,
        waitSec: 30,
        talkSec: 90,
        at: sec(5),
      }),
    );
    expect(result).toEqual({ ok: true });
    const c = state.lines.get("kalat")!.counters;
    expect(c).toMatchObject({
      offered: 3,
      answered: 2,
      completed: 3,
      switchCompleted: 3,
      switchCompletedInServiceLevel: 2,
      abandoned: 1,
      lostInServiceLevel: 1,
      waitAnsweredSec: 30,
      talkSec: 90,
      reconstructed: 4,
    });
    expect(state.openInterval.lines.get("kalat")).toMatchObject({
      offered: 3,
      answered: 2,
      abandoned: 1,
      completed: 3,
    });
    const views = computeViews(state, counties, sec(6));
    expect(views.lines.get("kalat")).toMatchObject({ offered: 3, reconstructed: 4 });
    expect(views.province.reconstructed).toBe(4);
    const today = views.intervals.today.reduce((sum, i) => sum + i.offered, 0);
    expect(today).toBe(3);
  });

  it("survives a checkpoint, and reads an older one without the mark as none", () => {
    const state = createLiveState(reference, T0);
    applyEvent(state, event({ type: "switch.heartbeat", rate: 1, at: sec(0) }));
    applyEvent(
      state,
      event({
        type: "line.reconciled",
        line: "kalat",
        offered: 0,
        answered: 0,
        completed: 1,
        abandoned: 0,
        at: sec(1),
      }),
    );
    const json = JSON.parse(JSON.stringify(stateToJson(state))) as ReturnType<typeof stateToJson>;
    expect(stateFromJson(json)?.lines.get("kalat")?.counters.reconstructed).toBe(1);
    for (const line of json.lines)
      delete (line.counters as { reconstructed?: number }).reconstructed;
    expect(stateFromJson(json)?.lines.get("kalat")?.counters.reconstructed).toBe(0);
  });

  it.each([
    ["a negative count", { completed: -1 }],
    ["a count past the bound", { abandoned: 100_001 }],
    ["a fraction", { offered: 1.5 }],
    ["a text", { answered: "7" }],
    ["more within the service level than in all", { completed: 1, completedInServiceLevel: 2 }],
    ["an endless talk sum", { talkSec: Infinity }],
  ])("is refused with %s", (_, fields) => {
    const input = {
      id: "r1",
      v: 1,
      at: T0,
      source: "ami",
      type: "line.reconciled",
      line: "kalat",
      offered: 0,
      answered: 0,
      completed: 0,
      abandoned: 0,
      ...fields,
    };
    expect(parseSwitchEvent(input).ok).toBe(false);
  });
});
