import { describe, expect, it } from "vitest";
import {
  jalaliTimeToMs,
  nextTehranDayStart,
  tehranDayStart,
  tehranJalaliDate,
  tehranOffsetMs,
  tehranParts,
} from "../../shared/tehran-time.ts";

describe("Tehran time", () => {
  it("is UTC+03:30 all year since daylight saving ended", () => {
    expect(tehranOffsetMs(Date.parse("2026-01-15T12:00:00Z"))).toBe(3.5 * 3_600_000);
    expect(tehranOffsetMs(Date.parse("2026-07-15T12:00:00Z"))).toBe(3.5 * 3_600_000);
  });

  it("starts the metrics day at 00:00 Tehran", () => {
    const ms = Date.parse("2026-11-29T21:00:00Z"); // 00:30 on 30 November in Tehran
    expect(new Date(tehranDayStart(ms)).toISOString()).toBe("2026-11-29T20:30:00.000Z");
    expect(new Date(nextTehranDayStart(ms)).toISOString()).toBe("2026-11-30T20:30:00.000Z");
    expect(tehranJalaliDate(ms)).toBe("1405/09/09");
  });

  it("turns a Jalali date and clock time into an instant", () => {
    expect(new Date(jalaliTimeToMs("1405/09/08", "08:00") ?? 0).toISOString()).toBe(
      "2026-11-29T04:30:00.000Z",
    );
    expect(jalaliTimeToMs("1405/13/01", "08:00")).toBeNull();
  });

  it("numbers the week from Saturday", () => {
    expect(tehranParts(Date.parse("2026-11-28T09:00:00Z")).weekday).toBe(0);
    expect(tehranParts(Date.parse("2026-12-04T09:00:00Z")).weekday).toBe(6);
  });
});
