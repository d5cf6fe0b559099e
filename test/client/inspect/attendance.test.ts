import { describe, expect, it } from "vitest";
import { missedAndLate, sessionState, sessionsOf } from "../../../client/src/inspect/attendance.ts";
import type { PublicReference } from "../../../shared/reference.ts";
import { sessionRow } from "./fixtures.ts";

describe("attendance on the inspection page", () => {
  it("calls a no-show missed, a late start or early leave late, the rest kept", () => {
    expect(sessionState(sessionRow("a", 8, { noShow: true, presentMinutes: 0 }))).toBe("missed");
    expect(sessionState(sessionRow("a", 8, { lateMinutes: 5 }))).toBe("late");
    expect(sessionState(sessionRow("a", 8, { leftEarlyMinutes: 2 }))).toBe("late");
    expect(sessionState(sessionRow("a", 8))).toBe("kept");
  });

  it("lists missed sessions first, then late ones by minutes owed", () => {
    const list = missedAndLate([
      sessionRow("kept", 8),
      sessionRow("late-5", 9, { lateMinutes: 5 }),
      sessionRow("late-20", 10, { lateMinutes: 15, leftEarlyMinutes: 5 }),
      sessionRow("missed-late-in-day", 15, { noShow: true, waitedWhileAbsent: 1 }),
      sessionRow("missed-with-callers", 11, { noShow: true, waitedWhileAbsent: 9 }),
    ]);
    expect(list.map((row) => row.official)).toEqual([
      "missed-with-callers",
      "missed-late-in-day",
      "late-20",
      "late-5",
    ]);
  });

  it("finds a county's or an agency's sessions through their lines", () => {
    const reference = {
      lines: [
        { id: "line-a", county: "mashhad", agency: null },
        { id: "line-b", county: "mashhad", agency: "water" },
      ],
    } as unknown as PublicReference;
    const rows = [sessionRow("a", 8), sessionRow("b", 9), sessionRow("c", 10)];
    expect(sessionsOf(rows, "county", "mashhad", reference).map((r) => r.official)).toEqual([
      "a",
      "b",
    ]);
    expect(sessionsOf(rows, "agency", "water", reference).map((r) => r.official)).toEqual(["b"]);
    expect(sessionsOf(rows, "official", "c", reference).map((r) => r.official)).toEqual(["c"]);
    expect(sessionsOf(rows, "line", "line-a", null).map((r) => r.official)).toEqual(["a"]);
  });
});
