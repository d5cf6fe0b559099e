import { describe, expect, it } from "vitest";
import {
  applyEvent,
  createLiveState,
  MAX_UNKNOWN_LINES,
  reduceEvents,
} from "../../shared/live-state.ts";
import { computeViews } from "../../shared/snapshot.ts";
import { event, sec, T0 } from "../support/events.ts";
import { smallReference } from "../support/reference.ts";

const reference = smallReference();
const counties = reference.counties.map((c) => c.id);

function answeredCall(line: string, call: string, official: string, wait: number, at: number) {
  return [
    event({ type: "call.joined", line, call, at }),
    event({ type: "call.offered", line, call, official, at: at + wait * 1000 - 2000 }),
    event({ type: "call.answered", line, call, official, waitSec: wait, at: at + wait * 1000 }),
    event({
      type: "call.ended",
      line,
      call,
      official,
      waitSec: wait,
      talkSec: 240,
      endedBy: "caller",
      at: at + wait * 1000 + 240_000,
    }),
  ];
}

describe("live state", () => {
  it("counts a line's calls and derives its answer rate", () => {
    const state = reduceEvents(
      reference,
      [
        event({
          type: "official.logged-in",
          line: "kalat",
          official: "farmandar-kalat",
          at: sec(0),
        }),
        ...answeredCall("kalat", "c1", "farmandar-kalat", 10, sec(1)),
        ...answeredCall("kalat", "c2", "farmandar-kalat", 30, sec(2)),
        event({ type: "call.joined", line: "kalat", call: "c3", at: sec(3) }),
        event({ type: "call.abandoned", line: "kalat", call: "c3", waitSec: 60, at: sec(63) }),
        event({ type: "call.joined", line: "kalat", call: "c4", at: sec(4) }),
        event({ type: "call.abandoned", line: "kalat", call: "c4", waitSec: 2, at: sec(6) }),
        event({ type: "call.joined", line: "kalat", call: "c5", at: sec(5) }),
        event({
          type: "call.left",
          line: "kalat",
          call: "c5",
          waitSec: 900,
          reason: "timeout",
          at: sec(905),
        }),
        event({ type: "call.joined", line: "kalat", call: "c6", at: sec(900) }),
      ],
      T0,
    );
    const kalat = computeViews(state, counties, sec(960)).lines.get("kalat");
    expect(kalat).toMatchObject({
      offered: 6,
      answered: 2,
      abandoned: 2,
      shortAbandoned: 1,
      timedOut: 1,
      waiting: 1,
      longestWaitSec: 60,
      longestWaitTodaySec: 900,
      averageSpeedOfAnswerSec: 20,
      averageTalkSec: 240,
    });
    // 2 answered of 2 answered + 1 long abandon + 1 timeout; the 2-second abandon is left out.
    expect(kalat?.answerRate).toBeCloseTo(2 / 4);
    expect(kalat?.serviceLevel).toBeCloseTo(1 / 4);
  });

  it("counts an official on several lines once in the county and the province", () => {
    const state = reduceEvents(
      reference,
      [
        event({
          type: "official.logged-in",
          line: "mashhad",
          official: "farmandar-mashhad",
          at: sec(0),
        }),
        event({
          type: "official.logged-in",
          line: "behzisti",
          official: "farmandar-mashhad",
          at: sec(0),
        }),
        event({
          type: "official.logged-in",
          line: "behzisti",
          official: "modir-behzisti",
          at: sec(0),
        }),
        event({
          type: "official.paused",
          line: "behzisti",
          official: "modir-behzisti",
          reason: "جلسه",
          at: sec(1),
        }),
        event({
          type: "official.logged-in",
          line: "kalat",
          official: "farmandar-kalat",
          at: sec(0),
        }),
        event({ type: "call.joined", line: "kalat", call: "k1", at: sec(2) }),
        event({
          type: "call.offered",
          line: "kalat",
          call: "k1",
          official: "farmandar-kalat",
          at: sec(3),
        }),
        event({
          type: "call.answered",
          line: "kalat",
          call: "k1",
          official: "farmandar-kalat",
          waitSec: 3,
          at: sec(5),
        }),
      ],
      T0,
    );
    const session = { official: "farmandar-kalat", line: "kalat", start: T0, end: sec(7200) };
    const views = computeViews(state, counties, sec(10), {
      sessionsNow: [session],
      lastWeek: null,
      alerts: [],
    });
    expect(views.lines.get("behzisti")?.officials).toEqual({
      loggedIn: 2,
      unknown: 0,
      available: 1,
      onCall: 0,
      paused: 1,
      scheduled: 0,
    });
    expect(views.counties.get("mashhad")?.officials).toEqual({
      loggedIn: 2,
      unknown: 0,
      available: 1,
      onCall: 0,
      paused: 1,
      scheduled: 0,
    });
    expect(views.province.officials).toEqual({
      loggedIn: 3,
      unknown: 0,
      available: 1,
      onCall: 1,
      paused: 1,
      scheduled: 1,
    });
    expect(views.officials.get("farmandar-kalat")?.session).toEqual({
      line: "kalat",
      from: new Date(T0).toISOString(),
      to: new Date(sec(7200)).toISOString(),
    });
    expect(views.officials.get("modir-behzisti")).toMatchObject({
      state: "paused",
      pausedReason: "جلسه",
    });
    expect(views.officials.get("farmandar-kalat")).toMatchObject({
      state: "on-call",
      callLine: "kalat",
      answered: 1,
    });
    expect(views.officials.get("farmandar-mashhad")?.lines).toEqual(["mashhad", "behzisti"]);
  });

  it("starts a new day at 00:00 Tehran and keeps who is waiting and logged in", () => {
    const evening = Date.parse("2026-11-29T23:50:00+03:30");
    const state = createLiveState(reference, evening);
    applyEvent(
      state,
      event({
        type: "official.logged-in",
        line: "kalat",
        official: "farmandar-kalat",
        at: evening,
      }),
    );
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "late", at: evening }));
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "x", at: evening + 1000 }));
    applyEvent(
      state,
      event({
        type: "call.abandoned",
        line: "kalat",
        call: "x",
        waitSec: 30,
        at: evening + 31_000,
      }),
    );
    const midnight = Date.parse("2026-11-30T00:00:05+03:30");
    applyEvent(state, event({ type: "switch.heartbeat", rate: 1, at: midnight }));
    const kalat = computeViews(state, counties, midnight).lines.get("kalat");
    expect(kalat).toMatchObject({ offered: 0, abandoned: 0, waiting: 1 });
    expect(kalat?.officials.loggedIn).toBe(1);
    expect(new Date(state.dayStart).toISOString()).toBe("2026-11-29T20:30:00.000Z");
  });

  it("applies an event delivered twice only once", () => {
    const state = createLiveState(reference, T0);
    const joined = event({ type: "call.joined", line: "kalat", call: "d", at: sec(1) });
    expect(applyEvent(state, joined)).toEqual({ ok: true });
    expect(applyEvent(state, joined)).toEqual({ ok: false, reason: "duplicate" });
    expect(state.lines.get("kalat")?.counters.offered).toBe(1);
    expect(state.rejected).toEqual({ duplicate: 1 });
  });

  it("keeps a queue and a member the reference does not know, under their switch names", () => {
    const state = reduceEvents(
      reference,
      [
        event({
          type: "official.logged-in",
          line: "night-desk",
          official: "Local/9001@agents/n",
          name: "اپراتور شب",
          at: sec(0),
        }),
        event({ type: "call.joined", line: "night-desk", call: "n1", at: sec(1) }),
      ],
      T0,
    );
    const views = computeViews(state, counties, sec(2));
    expect(views.lines.get("night-desk")).toMatchObject({ known: false, county: null, waiting: 1 });
    expect(views.officials.get("Local/9001@agents/n")).toMatchObject({
      name: "اپراتور شب",
      known: false,
      state: "available",
    });
    expect(views.province.waiting).toBe(1);
  });

  it("is a function of the events: rebuilding from the log gives the same views", () => {
    const events = [
      event({ type: "official.logged-in", line: "kalat", official: "farmandar-kalat", at: sec(0) }),
      ...answeredCall("kalat", "r1", "farmandar-kalat", 12, sec(1)),
      event({ type: "call.joined", line: "mashhad", call: "r2", at: sec(5) }),
    ];
    const live = createLiveState(reference, T0);
    for (const e of events) applyEvent(live, e);
    const rebuilt = reduceEvents(reference, events, T0);
    expect(computeViews(rebuilt, counties, sec(400))).toEqual(
      computeViews(live, counties, sec(400)),
    );
  });
});

describe("live state bounds", () => {
  it("holds a bounded number of lines and officials the reference does not know", () => {
    const state = createLiveState(reference, T0);
    for (let i = 0; i < MAX_UNKNOWN_LINES + 50; i += 1) {
      applyEvent(
        state,
        event({ type: "call.joined", line: `junk-${i}`, call: `j${i}`, at: sec(1) }),
      );
    }
    expect(state.unknownLines).toBe(MAX_UNKNOWN_LINES);
    expect(state.rejected).toEqual({ "too-many-unknown-lines": 50 });
    // A known line is still served.
    expect(
      applyEvent(state, event({ type: "call.joined", line: "kalat", call: "k", at: sec(2) })),
    ).toEqual({ ok: true });
  });

  it("closes as lost a call with no news for longer than a line could hold it", () => {
    const state = createLiveState(reference, T0);
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "lost", at: T0 }));
    applyEvent(
      state,
      event({
        type: "call.joined",
        line: "kalat",
        call: "late",
        at: Date.parse("2026-11-29T23:55:00+03:30"),
      }),
    );
    applyEvent(
      state,
      event({ type: "switch.heartbeat", rate: 1, at: Date.parse("2026-11-30T00:01:00+03:30") }),
    );
    expect([...(state.lines.get("kalat")?.waiting.keys() ?? [])]).toEqual(["late"]);
    expect(state.lostCalls).toBe(1);
  });
});

describe("live state on the switch's clock", () => {
  it("takes the switch's day and time from its first event, even hours behind the server", () => {
    const serverNow = T0 + 30 * 3_600_000; // the next day, afternoon
    const state = createLiveState(reference, serverNow);
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "a", at: T0 }));
    const views = computeViews(state, counties, T0 + 1000);
    expect(views.dayStart).toBe("2026-11-28T20:30:00.000Z");
    expect(views.officials.get("farmandar-kalat")?.stateSince).toBe(new Date(T0).toISOString());
    expect(views.counties.get("kalat")?.offered).toBe(1);
  });
});
