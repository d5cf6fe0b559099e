/** A session against the official's presence and the line's calls. */
import { describe, expect, it } from "vitest";
import { attendance, ATTENDANCE_GRACE_MINUTES } from "../../shared/attendance.ts";
import type { CallRecord, PresenceRecord } from "../../shared/live-types.ts";
import { T0 } from "../support/events.ts";

const MIN = 60_000;
/** 09:00–11:00 on line kalat. */
const session = { official: "farmandar-kalat", line: "kalat", start: T0, end: T0 + 120 * MIN };

const span = (from: number, to: number, paused = false, line = "kalat"): PresenceRecord => ({
  official: "farmandar-kalat",
  line,
  from: T0 + from * MIN,
  to: T0 + to * MIN,
  paused,
});

function call(joined: number, answered: number | null, ended: number, official: string | null) {
  const record: CallRecord = {
    line: "kalat",
    call: `c${joined}`,
    caller: null,
    official,
    joinedAt: T0 + joined * MIN,
    answeredAt: answered === null ? null : T0 + answered * MIN,
    endedAt: T0 + ended * MIN,
    waitSec: ((answered ?? ended) - joined) * 60,
    talkSec: answered === null ? 0 : (ended - answered) * 60,
    outcome: answered === null ? "abandoned" : "answered",
  };
  return record;
}

describe("attendance", () => {
  it("keeps a session attended throughout, spans cut at each interval joined", () => {
    const a = attendance({
      session,
      presence: [span(-10, 15), span(15, 30), span(30, 125)],
      calls: [],
    });
    expect(a).toMatchObject({
      status: "kept",
      plannedMinutes: 120,
      presentMinutes: 120,
      minutesLate: 0,
      minutesLeftEarly: 0,
      noShow: false,
      arrivedAt: T0,
      leftAt: T0 + 120 * MIN,
    });
  });

  it(`allows ${ATTENDANCE_GRACE_MINUTES} minutes late or early, no more`, () => {
    expect(attendance({ session, presence: [span(5, 115)], calls: [] }).status).toBe("kept");
    const late = attendance({ session, presence: [span(12, 120)], calls: [] });
    expect(late).toMatchObject({ status: "late", minutesLate: 12, presentMinutes: 108 });
    const early = attendance({ session, presence: [span(0, 100)], calls: [] });
    expect(early).toMatchObject({ status: "late", minutesLeftEarly: 20 });
  });

  it("counts paused time apart, and a session spent paused as missed", () => {
    const a = attendance({
      session,
      presence: [span(0, 60), span(60, 90, true), span(90, 120)],
      calls: [],
    });
    expect(a).toMatchObject({ status: "kept", presentMinutes: 90, pausedMinutes: 30 });
    const paused = attendance({ session, presence: [span(0, 120, true)], calls: [] });
    expect(paused).toMatchObject({
      status: "missed",
      noShow: true,
      pausedMinutes: 120,
      presentMinutes: 0,
    });
  });

  it("ignores presence on another line and other officials' spans", () => {
    const other = { ...span(0, 120), official: "someone-else" };
    const a = attendance({ session, presence: [span(0, 120, false, "mashhad"), other], calls: [] });
    expect(a).toMatchObject({
      status: "missed",
      noShow: true,
      minutesLate: 120,
      minutesLeftEarly: 0,
    });
  });

  it("counts the session's calls, and those that waited while the official was away", () => {
    const a = attendance({
      session,
      presence: [span(20, 120)],
      calls: [
        call(-5, -4, 1, "farmandar-kalat"), // before the session: not its call
        call(5, null, 8, null), // waited while absent, abandoned
        call(18, 22, 30, "farmandar-kalat"), // waited from 18 (absent) to 22
        call(40, 41, 50, "farmandar-kalat"), // waited while present
        call(60, 61, 70, "farmandar-mashhad"), // answered by someone else
        { ...call(130, 131, 140, "farmandar-kalat") }, // after it
      ],
    });
    expect(a).toMatchObject({
      callsOffered: 4,
      callsAnswered: 3,
      callsAnsweredByOfficial: 2,
      callsWaitedWhileAbsent: 2,
      status: "late",
      minutesLate: 20,
    });
  });

  it("leaves a session the history has not finished open", () => {
    const a = attendance({ session, presence: [span(0, 45)], calls: [], asOf: T0 + 45 * MIN });
    expect(a).toMatchObject({
      status: "open",
      presentMinutes: 45,
      minutesLeftEarly: 0,
      noShow: false,
    });
    const notYet = attendance({ session, presence: [], calls: [], asOf: T0 - MIN });
    expect(notYet).toMatchObject({ status: "open", noShow: false, minutesLate: 0 });
  });
});
