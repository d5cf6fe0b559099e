/**
 * One bad event must never corrupt a figure: each reproduction of issue 7 at the reducer. Every
 * event here is valid by the schema; what makes it bad is its time, or that it does not fit the
 * call's life so far.
 */
import { describe, expect, it } from "vitest";
import { applyEvent, createLiveState, DEFAULT_LIVE_LIMITS } from "../../shared/live-state.ts";
import type { LiveState } from "../../shared/live-types.ts";
import { computeViews } from "../../shared/snapshot.ts";
import { event, sec, T0 } from "../support/events.ts";
import { smallReference } from "../support/reference.ts";

const reference = smallReference();
const counties = reference.counties.map((c) => c.id);

/** A state that has heard the switch for a while: a heartbeat, a login and two callers. */
function busyMorning(): LiveState {
  const state = createLiveState(reference, T0);
  for (const e of [
    event({ type: "switch.heartbeat", rate: 1, at: sec(0) }),
    event({ type: "official.logged-in", line: "kalat", official: "farmandar-kalat", at: sec(1) }),
    event({ type: "call.joined", line: "kalat", call: "c1", at: sec(2) }),
    event({ type: "call.joined", line: "kalat", call: "c2", at: sec(3) }),
  ]) {
    expect(applyEvent(state, e)).toEqual({ ok: true });
  }
  return state;
}

const kalat = (state: LiveState, at = sec(10)) =>
  computeViews(state, counties, at).lines.get("kalat");

describe("an event's time is judged against the switch clock", () => {
  it("refuses an event dated 2099 and keeps the day and its counters", () => {
    const state = busyMorning();
    const dayStart = state.dayStart;
    const far = Date.parse("2099-12-31T10:00:00+03:30");
    const result = applyEvent(
      state,
      event({ type: "call.joined", line: "kalat", call: "x", at: far }),
      sec(4),
    );
    expect(result).toEqual({ ok: false, reason: "ahead-of-clock" });
    expect(state.dayStart).toBe(dayStart);
    expect(kalat(state)).toMatchObject({ offered: 2, waiting: 2 });
    // A heartbeat dated 2099 is refused too: only one that follows a status may move the clock.
    expect(
      applyEvent(state, event({ type: "switch.heartbeat", rate: 1, at: far }), sec(5)),
    ).toEqual({ ok: false, reason: "ahead-of-clock" });
    expect(state.dayStart).toBe(dayStart);
  });

  it("refuses an event dated 1970, so no wait of fifty years appears", () => {
    const state = busyMorning();
    const result = applyEvent(
      state,
      event({ type: "call.joined", line: "kalat", call: "old", at: 0 }),
      sec(4),
    );
    expect(result).toEqual({ ok: false, reason: "behind-clock" });
    expect(kalat(state)?.longestWaitSec).toBe(8);
    expect(state.rejected).toEqual({ "behind-clock": 1 });
  });

  it("lets the clock jump ahead only when the switch announces it with a status first", () => {
    const state = busyMorning();
    const tomorrow = T0 + 86_400_000;
    applyEvent(state, event({ type: "switch.status", connected: true, at: tomorrow }), sec(6));
    expect(
      applyEvent(state, event({ type: "switch.heartbeat", rate: 10, at: tomorrow }), sec(6)),
    ).toEqual({ ok: true });
    expect(state.dayStart).toBeGreaterThan(T0);
    expect(state.clock).toMatchObject({ at: tomorrow, rate: 10 });
  });

  it("refuses an event before the day began once the clock knows the day", () => {
    const state = busyMorning();
    const yesterday = T0 - 10 * 3_600_000;
    const result = applyEvent(
      state,
      event({ type: "call.joined", line: "kalat", call: "y", at: yesterday }),
      sec(4),
    );
    expect(result.ok).toBe(false);
    expect(kalat(state)?.offered).toBe(2);
  });

  it("reads the switch's time between entries at the heartbeat's rate", () => {
    const state = createLiveState(reference, T0);
    applyEvent(state, event({ type: "switch.heartbeat", rate: 60, at: T0 }), 1_000);
    // Ten log seconds later at sixty times: ten simulated minutes, within the bounds.
    expect(
      applyEvent(
        state,
        event({ type: "call.joined", line: "kalat", call: "s", at: T0 + 600_000 }),
        11_000,
      ),
    ).toEqual({ ok: true });
    expect(
      applyEvent(
        state,
        event({ type: "call.joined", line: "kalat", call: "t", at: T0 + 3_600_000 }),
        12_000,
      ),
    ).toEqual({ ok: false, reason: "ahead-of-clock" });
  });
});

describe("durations are bounded by the call's own times", () => {
  it("replaces an absurd wait with the time the caller really waited, and counts it", () => {
    const state = busyMorning();
    applyEvent(
      state,
      event({ type: "call.abandoned", line: "kalat", call: "c1", waitSec: 800_000, at: sec(62) }),
    );
    expect(kalat(state, sec(62))).toMatchObject({ abandoned: 1, longestWaitTodaySec: 60 });
    expect(state.correctedDurations).toBe(1);
  });

  it("keeps the switch's own figure when it agrees with the call's times", () => {
    const state = busyMorning();
    applyEvent(
      state,
      event({
        type: "call.answered",
        line: "kalat",
        call: "c1",
        official: "farmandar-kalat",
        waitSec: 19,
        at: sec(20),
      }),
    );
    expect(kalat(state, sec(20))?.averageSpeedOfAnswerSec).toBe(19);
    expect(state.correctedDurations).toBe(0);
  });
});

describe("each call's life is consistent", () => {
  const answered = (id: string, at: number) =>
    event({
      type: "call.answered",
      line: "kalat",
      call: "c1",
      official: "farmandar-kalat",
      waitSec: 10,
      at,
      id,
    });

  it("counts a call answered under two event ids once", () => {
    const state = busyMorning();
    expect(applyEvent(state, answered("a1", sec(12)))).toEqual({ ok: true });
    expect(applyEvent(state, answered("a2", sec(12)))).toEqual({
      ok: false,
      reason: "call-already-answered",
    });
    expect(kalat(state, sec(12))?.answered).toBe(1);
  });

  it("refuses an abandon of a call never seen joining", () => {
    const state = busyMorning();
    expect(
      applyEvent(
        state,
        event({ type: "call.abandoned", line: "kalat", call: "ghost", waitSec: 30, at: sec(5) }),
      ),
    ).toEqual({ ok: false, reason: "call-never-joined" });
    expect(kalat(state)).toMatchObject({ abandoned: 0, offered: 2 });
  });

  it("leaves no phantom caller when a call's events come ended, answered, joined", () => {
    const state = busyMorning();
    const reasons = [
      event({
        type: "call.ended",
        line: "kalat",
        call: "r",
        official: "farmandar-kalat",
        waitSec: 5,
        talkSec: 60,
        endedBy: "caller",
        at: sec(70),
      }),
      event({
        type: "call.answered",
        line: "kalat",
        call: "r",
        official: "farmandar-kalat",
        waitSec: 5,
        at: sec(10),
      }),
      event({ type: "call.joined", line: "kalat", call: "r", at: sec(5) }),
    ].map((e) => applyEvent(state, e));
    expect(reasons).toEqual([
      { ok: false, reason: "call-never-joined" },
      { ok: false, reason: "call-already-finished" },
      { ok: false, reason: "call-already-finished" },
    ]);
    expect(kalat(state, sec(70))).toMatchObject({ waiting: 2, offered: 2, answered: 0 });
  });

  it("closes a call that ended while still waiting as lost, not as waiting", () => {
    const state = busyMorning();
    expect(
      applyEvent(
        state,
        event({
          type: "call.ended",
          line: "kalat",
          call: "c2",
          official: "farmandar-kalat",
          waitSec: 5,
          talkSec: 5,
          endedBy: "caller",
          at: sec(8),
        }),
      ),
    ).toEqual({ ok: false, reason: "call-not-answered" });
    expect(kalat(state, sec(8))).toMatchObject({ waiting: 1, lost: 1 });
  });

  it("closes a call with no news for longer than the line could hold it, and counts it lost", () => {
    const state = busyMorning();
    const later = sec(2) + DEFAULT_LIVE_LIMITS.maxWaitMs + 60_000;
    applyEvent(state, event({ type: "switch.heartbeat", rate: 1, at: later }));
    expect(kalat(state, later)).toMatchObject({ waiting: 0, lost: 2, longestWaitSec: 0 });
    expect(state.lostCalls).toBe(2);
  });

  it("treats a caller transferred to another line as a new call there", () => {
    const state = busyMorning();
    applyEvent(
      state,
      event({
        type: "call.left",
        line: "kalat",
        call: "c1",
        reason: "transfer",
        waitSec: 5,
        at: sec(7),
      }),
    );
    expect(
      applyEvent(state, event({ type: "call.joined", line: "mashhad", call: "c1", at: sec(8) })),
    ).toEqual({ ok: true });
  });
});

describe("a switch that restarted", () => {
  it("loses the callers it held and trusts no membership until it says again", () => {
    const state = busyMorning();
    applyEvent(state, event({ type: "switch.restarted", detail: "QUEUESTART", at: sec(20) }));
    let views = computeViews(state, counties, sec(21));
    expect(views.lines.get("kalat")).toMatchObject({ waiting: 0, lost: 2 });
    expect(views.lines.get("kalat")?.officials).toMatchObject({ loggedIn: 0, unknown: 1 });
    expect(views.officials.get("farmandar-kalat")?.state).toBe("unknown");
    applyEvent(
      state,
      event({
        type: "official.paused",
        line: "kalat",
        official: "farmandar-kalat",
        reason: "",
        at: sec(30),
      }),
    );
    views = computeViews(state, counties, sec(31));
    expect(views.officials.get("farmandar-kalat")?.state).toBe("paused");
    expect(views.lines.get("kalat")?.officials).toMatchObject({ loggedIn: 1, unknown: 0 });
  });
});
