import { describe, expect, it } from "vitest";
import { AlertTracker, alertConditions, alertThresholdsSchema } from "../../shared/alerts.ts";
import { emptyIntervals } from "../../shared/intervals.ts";
import { applyEvent, createLiveState } from "../../shared/live-state.ts";
import { computeViews } from "../../shared/snapshot.ts";
import { event, sec, T0 } from "../support/events.ts";
import { smallReference } from "../support/reference.ts";

const reference = smallReference();
const counties = reference.counties.map((c) => c.id);
const thresholds = alertThresholdsSchema.parse({});

function conditionsAt(
  now: number,
  events: ReturnType<typeof event>[],
  sessionsNow = [] as never[],
) {
  const state = createLiveState(reference, T0);
  for (const e of events) applyEvent(state, e);
  const views = computeViews(state, counties, now);
  return alertConditions({
    lines: [...views.lines.values()],
    counties: [...views.counties.values()],
    officials: views.officials,
    sessionsNow,
    lastInterval: new Map(),
    now,
    thresholds,
  });
}

describe("alerts", () => {
  it("names a switch that is down or never heard from, and only when the input says how it is", () => {
    const judged = (events: ReturnType<typeof event>[]) => {
      const state = createLiveState(reference, T0);
      for (const e of events) applyEvent(state, e);
      const views = computeViews(state, counties, sec(1));
      const input = {
        lines: [...views.lines.values()],
        counties: [...views.counties.values()],
        officials: views.officials,
        sessionsNow: [],
        lastInterval: new Map(),
        now: sec(1),
        thresholds,
      };
      return {
        withSwitch: alertConditions({ ...input, switch: views.switch }),
        without: alertConditions(input),
      };
    };
    const down = {
      id: "switch-down:province",
      kind: "switch-down",
      county: null,
      line: null,
      official: null,
      value: 0,
    };
    const status = (connected: boolean) =>
      event({ type: "switch.status", connected, detail: "ami", at: sec(0) });
    // Never heard from: as loud as a switch that dropped.
    expect(judged([]).withSwitch).toEqual([down]);
    expect(judged([status(false)]).withSwitch).toEqual([down]);
    expect(judged([status(true)]).withSwitch).toEqual([]);
    expect(judged([]).without).toEqual([]);
  });

  it("flags a county with callers waiting and nobody on its lines, once they have waited", () => {
    const joined = [event({ type: "call.joined", line: "kalat", call: "u", at: sec(0) })];
    expect(conditionsAt(sec(10), joined)).toEqual([]);
    expect(conditionsAt(sec(45), joined)).toEqual([
      {
        id: "unattended:kalat",
        kind: "unattended",
        county: "kalat",
        line: null,
        official: null,
        value: 45,
      },
    ]);
    const attended = [
      event({ type: "official.logged-in", line: "kalat", official: "farmandar-kalat", at: sec(0) }),
      ...joined,
    ];
    expect(conditionsAt(sec(45), attended)).toEqual([]);
  });

  it("flags an official scheduled now who has not logged in after the grace minutes", () => {
    const session = { official: "farmandar-kalat", line: "kalat", start: sec(0), end: sec(7200) };
    expect(conditionsAt(sec(4 * 60), [], [session as never])).toEqual([]);
    expect(conditionsAt(sec(6 * 60), [], [session as never])).toEqual([
      {
        id: "absent:farmandar-kalat",
        kind: "absent",
        county: "kalat",
        line: "kalat",
        official: "farmandar-kalat",
        value: 6,
      },
    ]);
  });

  it("counts an official logged in but paused through the session as absent, as the inspection does", () => {
    const session = { official: "farmandar-kalat", line: "kalat", start: sec(0), end: sec(7200) };
    const loggedIn = event({
      type: "official.logged-in",
      line: "kalat",
      official: "farmandar-kalat",
      at: sec(0),
    });
    const paused = event({
      type: "official.paused",
      line: "kalat",
      official: "farmandar-kalat",
      reason: "ناهار",
      at: sec(60),
    });
    expect(conditionsAt(sec(6 * 60), [loggedIn], [session as never])).toEqual([]);
    expect(conditionsAt(sec(6 * 60), [loggedIn, paused], [session as never])).toMatchObject([
      { id: "absent:farmandar-kalat", kind: "absent", value: 6 },
    ]);
  });

  it("flags a line whose longest wait is over its threshold", () => {
    const events = [
      event({
        type: "official.logged-in",
        line: "mashhad",
        official: "farmandar-mashhad",
        at: sec(0),
      }),
      event({ type: "call.joined", line: "mashhad", call: "l", at: sec(0) }),
    ];
    expect(conditionsAt(sec(180), events)).toEqual([]);
    expect(conditionsAt(sec(181), events)).toMatchObject([{ id: "long-wait:mashhad", value: 181 }]);
  });

  it("flags an abandon spike in a county's last complete interval", () => {
    const spike = emptyIntervals()[0] ?? {
      offered: 0,
      answered: 0,
      abandoned: 0,
      shortAbandoned: 0,
      timedOut: 0,
      leftUnanswered: 0,
    };
    const input = {
      lines: [],
      counties: [],
      officials: new Map(),
      sessionsNow: [],
      now: sec(0),
      thresholds,
    };
    const quiet = { ...spike, answered: 2, abandoned: 1 };
    const loud = { ...spike, answered: 2, abandoned: 4, shortAbandoned: 1 };
    expect(alertConditions({ ...input, lastInterval: new Map([["kalat", quiet]]) })).toEqual([]);
    expect(alertConditions({ ...input, lastInterval: new Map([["kalat", loud]]) })).toMatchObject([
      { id: "abandon-spike:kalat", county: "kalat", value: 0.6 },
    ]);
  });

  it("remembers since when an alert holds and forgets it once it clears", () => {
    const tracker = new AlertTracker();
    const c = {
      id: "unattended:kalat",
      kind: "unattended" as const,
      county: "kalat",
      line: null,
      official: null,
      value: 1,
    };
    expect(tracker.update([c], sec(0))[0]?.since).toBe(new Date(sec(0)).toISOString());
    expect(tracker.update([{ ...c, value: 9 }], sec(9))[0]?.since).toBe(
      new Date(sec(0)).toISOString(),
    );
    expect(tracker.update([], sec(10))).toEqual([]);
    expect(tracker.update([c], sec(11))[0]?.since).toBe(new Date(sec(11)).toISOString());
  });

  it("reads its thresholds with defaults and rejects nonsense", () => {
    expect(alertThresholdsSchema.parse({ lateLoginMinutes: 10 })).toMatchObject({
      lateLoginMinutes: 10,
      longWaitSec: 180,
    });
    expect(alertThresholdsSchema.safeParse({ abandonSpikeRate: 2 }).success).toBe(false);
  });

  it("raises every alert that holds at once: two absent officials and a long wait", () => {
    const sessions = [
      { official: "farmandar-kalat", line: "kalat", start: sec(0), end: sec(7200) },
      { official: "modir-behzisti", line: "behzisti", start: sec(0), end: sec(7200) },
    ];
    const events = [
      event({
        type: "official.logged-in",
        line: "mashhad",
        official: "farmandar-mashhad",
        at: sec(0),
      }),
      event({ type: "call.joined", line: "mashhad", call: "l", at: sec(0) }),
    ];
    const ids = conditionsAt(sec(600), events, sessions as never[]).map((c) => [c.id, c.county]);
    expect(ids).toEqual([
      ["absent:farmandar-kalat", "kalat"],
      ["absent:modir-behzisti", "mashhad"],
      ["long-wait:mashhad", "mashhad"],
    ]);
  });
});
