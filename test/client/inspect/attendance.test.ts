import { describe, expect, it } from "vitest";
import { missedAndLate, sessionsOf } from "../../../client/src/inspect/attendance.ts";
import { sessionRow } from "./fixtures.ts";

const missed = { noShow: true, status: "missed", presentMinutes: 0, minutesLate: 60 } as const;

describe("attendance on the inspection page", () => {
  it("lists missed sessions first, then late ones by minutes owed, and leaves out kept and open ones", () => {
    const list = missedAndLate([
      sessionRow("kept", 8),
      sessionRow("open", 16, { status: "open" }),
      sessionRow("late-5", 9, { status: "late", minutesLate: 5 }),
      sessionRow("late-20", 10, { status: "late", minutesLate: 15, minutesLeftEarly: 5 }),
      sessionRow("missed-late-in-day", 15, { ...missed, callsWaitedWhileAbsent: 1 }),
      sessionRow("missed-with-callers", 11, { ...missed, callsWaitedWhileAbsent: 9 }),
    ]);
    expect(list.map((row) => row.official)).toEqual([
      "missed-with-callers",
      "missed-late-in-day",
      "late-20",
      "late-5",
    ]);
  });

  it("finds a row's sessions by official, line, county or agency, in time order", () => {
    const rows = [
      sessionRow("b", 9, { county: "mashhad", agency: "water" }),
      sessionRow("a", 8, { county: "mashhad" }),
      sessionRow("c", 10, { county: "kalat" }),
    ];
    const officials = (list: { official: string }[]) => list.map((r) => r.official);
    expect(officials(sessionsOf(rows, "county", "mashhad"))).toEqual(["a", "b"]);
    expect(officials(sessionsOf(rows, "agency", "water"))).toEqual(["b"]);
    expect(officials(sessionsOf(rows, "official", "c"))).toEqual(["c"]);
    expect(officials(sessionsOf(rows, "line", "line-a"))).toEqual(["a"]);
  });
});
