import { describe, expect, it } from "vitest";
import {
  intervalIndex,
  INTERVALS_PER_DAY,
  intervalViews,
  sumIntervals,
} from "../../shared/intervals.ts";
import { applyEvent, createLiveState } from "../../shared/live-state.ts";
import { applyDelta, computeViews, toDelta, toSnapshot } from "../../shared/snapshot.ts";
import { tehranDayStart } from "../../shared/tehran-time.ts";
import { event, sec, T0 } from "../support/events.ts";
import { smallReference } from "../support/reference.ts";

const reference = smallReference();
const counties = reference.counties.map((c) => c.id);

describe("intervals", () => {
  it("has 96 intervals of 15 minutes from 00:00 Tehran", () => {
    const day = tehranDayStart(T0);
    expect(INTERVALS_PER_DAY).toBe(96);
    expect(intervalIndex(day, T0)).toBe(36); // 09:00
    expect(intervalIndex(day, day + 86_400_000 - 1)).toBe(95);
  });

  it("counts an offer when the caller joins and an outcome when it happens", () => {
    const state = createLiveState(reference, T0);
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "a", at: sec(-60) }));
    applyEvent(
      state,
      event({ type: "call.abandoned", line: "kalat", call: "a", waitSec: 90, at: sec(30) }),
    );
    applyEvent(state, event({ type: "call.joined", line: "night", call: "b", at: sec(40) }));
    const today = intervalViews(sumIntervals(state.intervals.values()), state.dayStart, sec(60));
    expect(today).toHaveLength(37);
    expect(today[35]).toMatchObject({
      offered: 1,
      abandoned: 0,
      start: "2026-11-29T05:15:00.000Z",
    });
    expect(today[36]).toMatchObject({ offered: 1, abandoned: 1, abandonRate: 1 });
    expect(state.intervals.get("")?.[36]?.offered).toBe(1); // the unknown line's call
  });

  it("travels in deltas: only the intervals that changed, merged by the client", () => {
    const state = createLiveState(reference, T0);
    let views = computeViews(state, counties, sec(0));
    let client = toSnapshot(views, { seq: 0, epoch: "e", now: sec(0) });
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "a", at: sec(5) }));
    const next = computeViews(state, counties, sec(5));
    const delta = toDelta(next, views, { seq: 1, epoch: "e", now: sec(5) });
    expect(delta?.intervals).toHaveLength(1);
    expect(delta?.intervalsLastWeek).toBeUndefined();
    if (delta) client = applyDelta(client, delta);
    views = next;
    expect(client.intervals).toEqual(
      toSnapshot(views, { seq: 1, epoch: "e", now: sec(5) }).intervals,
    );
  });

  it("keeps yesterday's intervals when the day turns", () => {
    const evening = Date.parse("2026-11-29T23:50:00+03:30");
    const state = createLiveState(reference, evening);
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "a", at: evening }));
    applyEvent(state, event({ type: "switch.heartbeat", rate: 1, at: evening + 20 * 60_000 }));
    expect(state.previousDay?.intervals[95]?.offered).toBe(1);
    expect(state.intervals.size).toBe(0);
  });
});
