/**
 * The timetable on any date: inside data/sessions.json's range the published sessions, outside
 * it the first published week repeated by weekday, so a demo has sessions in any year.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Reference } from "../../shared/reference.ts";
import { sessionsOfDay, Timetable } from "../../shared/schedule.ts";
import {
  jalaliTimeToMs,
  tehranDayStart,
  tehranJalaliDate,
  tehranParts,
} from "../../shared/tehran-time.ts";
import { provinceReference } from "../support/reference.ts";

let reference: Reference;
beforeAll(async () => {
  reference = await provinceReference();
});

const dayOf = (date: string): number => tehranDayStart(jalaliTimeToMs(date, "12:00") ?? NaN);
const who = (dayStart: number) => sessionsOfDay(reference, dayStart).map((s) => s.official);

/** The first published date on the same weekday, the week the timetable repeats. */
function templateOf(dayStart: number): number {
  const weekday = tehranParts(dayStart + 3_600_000).weekday;
  const first = dayOf(reference.sessions[0]?.date ?? "");
  for (let d = 0; d < 7; d += 1) {
    const candidate = tehranDayStart(first + d * 86_400_000 + 3_600_000);
    if (tehranParts(candidate + 3_600_000).weekday === weekday) return candidate;
  }
  throw new Error("no weekday match");
}

describe("the timetable", () => {
  it("gives the published sessions of a date inside data/sessions.json", () => {
    const day = dayOf("1405/09/14");
    const sessions = sessionsOfDay(reference, day);
    expect(sessions.length).toBe(reference.sessions.filter((s) => s.date === "1405/09/14").length);
    expect(sessions.every((s) => tehranJalaliDate(s.start) === "1405/09/14")).toBe(true);
  });

  it.each(["1405/12/29", "1406/01/20", "1406/02/06", "1406/07/01", "1410/07/19", "1410/12/29"])(
    "on %s repeats the first week's sessions of that weekday, at that date's hours",
    (date) => {
      const day = dayOf(date);
      const weekday = tehranParts(day + 3_600_000).weekday;
      const sessions = sessionsOfDay(reference, day);
      if (weekday >= 5) {
        expect(sessions).toEqual([]);
        return;
      }
      expect(sessions.length).toBeGreaterThan(5);
      if (date > (reference.sessions.at(-1)?.date ?? "")) {
        expect(who(day)).toEqual(who(templateOf(day)));
      }
      for (const session of sessions) {
        expect(tehranJalaliDate(session.start)).toBe(date);
        expect(tehranParts(session.start).hour).toBeGreaterThanOrEqual(8);
        expect(tehranParts(session.end).hour).toBeLessThanOrEqual(14);
      }
    },
  );

  it("has sessions on every working day of a year well past the published range", () => {
    let day = dayOf("1410/01/01");
    const timetable = new Timetable(reference);
    for (let i = 0; i < 365; i += 1) {
      const weekday = tehranParts(day + 3_600_000).weekday;
      const sessions = timetable.ofDay(day + 10 * 3_600_000);
      expect(sessions.length > 0, tehranJalaliDate(day)).toBe(weekday <= 4);
      day = tehranDayStart(day + 86_400_000 + 3 * 3_600_000);
    }
  });

  it("finds the range whatever the order of the file", () => {
    const shuffled: Reference = { ...reference, sessions: [...reference.sessions].reverse() };
    const day = dayOf("1405/09/14");
    expect(sessionsOfDay(shuffled, day).length).toBe(sessionsOfDay(reference, day).length);
    const later = dayOf("1406/02/06");
    expect(sessionsOfDay(shuffled, later).length).toBe(sessionsOfDay(reference, later).length);
  });
});
