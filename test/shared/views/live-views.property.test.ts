/**
 * The incremental views and the field-level deltas, held to their definitions on generated event
 * streams (every kind of event, on known and unknown lines and officials, in any order, with time
 * jumps across sessions, sweeps and midnight), through the live model as the service drives it:
 * after every flush, (1) the views equal the views computed whole from the same state, and (2) the
 * first snapshot plus every delta so far equals the model's snapshot, and (3) each delta comes back
 * exactly from its wire frame, decoded against the client's snapshot.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alertConditions, alertThresholdsSchema } from "../../../shared/alerts.ts";
import { parseSwitchEvent, type SwitchEventInput } from "../../../shared/events.ts";
import { Timetable } from "../../../shared/schedule.ts";
import { applyDelta, computeViews, type Snapshot } from "../../../shared/snapshot.ts";
import { encodeDelta, positionsOf } from "../../../shared/views/wire-codec.ts";
import { decodeDelta } from "../../../shared/views/wire-decode.ts";
import { LiveModel } from "../../../server/live/live-model.ts";
import { T0 } from "../../support/events.ts";
import { smallReference } from "../../support/reference.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 13_111;
const reference = smallReference();
const countyIds = reference.counties.map((c) => c.id);
const LINES = ["kalat", "mashhad", "behzisti", "queue-9"];
const OFFICIALS = ["farmandar-kalat", "farmandar-mashhad", "modir-behzisti", "SIP/777"];
const CALLS = ["c1", "c2", "c3", "c4", "c5"];
const thresholds = alertThresholdsSchema.parse({ unattendedAfterSec: 10, longWaitSec: 30 });

const TYPES = [
  "call.joined",
  "call.joined",
  "call.offered",
  "call.offer-missed",
  "call.answered",
  "call.answered",
  "call.ended",
  "call.abandoned",
  "call.left",
  "call.gone",
  "official.logged-in",
  "official.logged-in",
  "official.logged-out",
  "official.paused",
  "official.resumed",
  "official.state",
  "switch.heartbeat",
  "switch.status",
  "switch.restarted",
  "line.reconciled",
] as const;

type Step =
  | {
      kind: "event";
      type: (typeof TYPES)[number];
      line: number;
      official: number;
      call: number;
      sec: number;
      waitSec: number;
      flag: boolean;
      advanceMs: number;
    }
  | { kind: "flush"; advanceMs: number }
  | { kind: "jump"; advanceMs: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant("event" as const),
      type: fc.constantFrom(...TYPES),
      line: fc.nat(LINES.length - 1),
      official: fc.nat(OFFICIALS.length - 1),
      call: fc.nat(CALLS.length - 1),
      sec: fc.nat(30),
      waitSec: fc.integer({ min: 0, max: 400 }),
      flag: fc.boolean(),
      advanceMs: fc.integer({ min: 0, max: 20_000 }),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant("flush" as const), advanceMs: fc.nat(3_000) }),
  },
  // Across a session's end, the sweep of silent calls, or midnight.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("jump" as const),
      advanceMs: fc.constantFrom(3_600_000, 2.5 * 3_600_000, 5 * 3_600_000, 15 * 3_600_000),
    }),
  },
);

let ids = 0;
function eventOf(s: Extract<Step, { kind: "event" }>, at: number): SwitchEventInput {
  const head = { id: `p${(ids += 1)}`, v: 1 as const, source: "prop", at };
  const line = LINES[s.line]!;
  const official = OFFICIALS[s.official]!;
  const call = CALLS[s.call]!;
  switch (s.type) {
    case "call.joined":
    case "call.gone":
      return { ...head, type: s.type, line, call };
    case "call.offered":
      return { ...head, type: s.type, line, call, official };
    case "call.offer-missed":
      return { ...head, type: s.type, line, call, official, ringSec: s.sec };
    case "call.answered":
      return { ...head, type: s.type, line, call, official, waitSec: s.waitSec };
    case "call.ended":
      return {
        ...head,
        type: s.type,
        line,
        call,
        official,
        waitSec: s.waitSec,
        talkSec: s.sec,
        endedBy: "caller",
        switchCounted: s.flag,
      };
    case "call.abandoned":
      return { ...head, type: s.type, line, call, waitSec: s.sec };
    case "call.left":
      return {
        ...head,
        type: s.type,
        line,
        call,
        waitSec: s.waitSec,
        reason: s.flag ? "timeout" : "empty",
      };
    case "official.logged-in":
      return { ...head, type: s.type, line, official, paused: s.flag && s.sec < 5 };
    case "official.logged-out":
    case "official.resumed":
      return { ...head, type: s.type, line, official };
    case "official.paused":
      return { ...head, type: s.type, line, official, reason: `r${s.sec % 3}` };
    case "official.state":
      return {
        ...head,
        type: s.type,
        line,
        official,
        state: (["available", "ringing", "on-call", "wrap-up", "offline"] as const)[s.sec % 5]!,
      };
    case "switch.heartbeat":
      return { ...head, type: s.type, rate: 1 };
    case "switch.status":
      return { ...head, type: s.type, connected: s.flag, detail: s.flag ? "" : "down" };
    case "switch.restarted":
      return { ...head, type: s.type, detail: "restart" };
    case "line.reconciled":
      return {
        ...head,
        type: s.type,
        line,
        offered: s.sec % 4,
        answered: s.sec % 3,
        completed: s.sec % 3,
        abandoned: s.flag ? 1 : 0,
        completedInServiceLevel: s.sec % 2 === 0 ? s.sec % 3 : 0,
        waitSec: s.waitSec,
        talkSec: s.sec,
      };
  }
}

function run(steps: Step[]): void {
  // 08:30 Tehran: kalat's session runs 08:00–10:00. The model starts a minute before the log.
  const start = T0 - 30 * 60_000;
  const model = new LiveModel({ reference, thresholds, epoch: "p", now: start - 60_000 });
  const timetable = new Timetable(reference);
  let now = start;
  let client: Snapshot = model.snapshot();
  let logId = 0;
  for (const s of [
    {
      kind: "event",
      type: "switch.heartbeat",
      line: 0,
      official: 0,
      call: 0,
      sec: 0,
      waitSec: 0,
      flag: true,
      advanceMs: 0,
    } as Step,
    ...steps,
    { kind: "flush", advanceMs: 0 } as Step,
  ]) {
    now += s.advanceMs;
    if (s.kind === "event") {
      const message = JSON.stringify(eventOf(s, now));
      expect(parseSwitchEvent(JSON.parse(message)).ok).toBe(true);
      model.apply({ id: `${(logId += 1)}-0`, appendedAt: now, message });
      continue;
    }
    if (s.kind === "jump") {
      const beat = {
        id: `p${(ids += 1)}`,
        v: 1,
        source: "prop",
        at: now,
        type: "switch.heartbeat",
        rate: 1,
      };
      model.apply({ id: `${(logId += 1)}-0`, appendedAt: now, message: JSON.stringify(beat) });
    }
    const delta = model.flush(now, false, null);
    if (delta) {
      // Positions as the server's edge holds them: those of the lists before this delta.
      const { frame } = encodeDelta(delta, positionsOf(client));
      const decoded = decodeDelta(JSON.parse(JSON.stringify(frame)), client);
      expect(decoded).toEqual(delta);
      client = applyDelta(client, decoded);
    }
    const snapshot = model.snapshot();
    expect(client).toEqual(snapshot);
    const sessionsNow = timetable.at(now);
    const whole = computeViews(model.state, countyIds, now, {
      sessionsNow,
      lastWeek: null,
      alerts: [],
    });
    expect(snapshot.lines).toEqual([...whole.lines.values()]);
    expect(snapshot.counties).toEqual([...whole.counties.values()]);
    expect(snapshot.officials).toEqual([...whole.officials.values()]);
    expect(snapshot.province).toEqual(whole.province);
    expect(snapshot.intervals.today).toEqual(whole.intervals.today);
    if (delta) {
      const conditions = alertConditions({
        lines: [...whole.lines.values()],
        counties: [...whole.counties.values()],
        officials: whole.officials,
        sessionsNow,
        lastInterval: new Map(),
        switch: whole.switch,
        now,
        thresholds,
      }).filter((c) => c.kind !== "abandon-spike");
      const alerts = snapshot.alerts.filter((a) => a.kind !== "abandon-spike");
      expect(alerts.map(({ since: _since, ...c }) => c)).toEqual(conditions);
    }
  }
}

const on = (step: Partial<Extract<Step, { kind: "event" }>>): Step => ({
  kind: "event",
  type: "call.joined",
  line: 0,
  official: 0,
  call: 0,
  sec: 0,
  waitSec: 0,
  flag: true,
  advanceMs: 1_000,
  ...step,
});

describe("incremental views and field-level deltas", () => {
  it("see a call closed as lost by the sweep, on a line with nobody waiting", () => {
    // Mashhad's line and governor: no session starts or ends to touch them meanwhile.
    const at = (step: Partial<Extract<Step, { kind: "event" }>>) =>
      on({ line: 1, official: 1, ...step });
    run([
      at({ type: "official.logged-in" }),
      at({ type: "call.joined" }),
      at({ type: "call.answered", waitSec: 1 }),
      { kind: "flush", advanceMs: 0 },
      // No news of the conversation for five hours: the sweep closes it as lost.
      { kind: "jump", advanceMs: 5 * 3_600_000 },
    ]);
  });

  it("equal the views computed whole, and a snapshot plus every delta equals the next", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => run(steps)),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
