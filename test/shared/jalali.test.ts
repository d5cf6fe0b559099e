import { describe, expect, it } from "vitest";
import {
  gregorianToJalali,
  jalaliMonthLength,
  jalaliToGregorian,
  parseJalaliDate,
} from "../../shared/jalali.ts";

const persian = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", {
  timeZone: "UTC",
  year: "numeric",
  month: "numeric",
  day: "numeric",
});

function intlJalali(ms: number): { jy: number; jm: number; jd: number } {
  const parts = Object.fromEntries(persian.formatToParts(ms).map((p) => [p.type, p.value]));
  return { jy: Number.parseInt(parts.year ?? ""), jm: Number(parts.month), jd: Number(parts.day) };
}

describe("Jalali calendar", () => {
  it("agrees with Intl's Persian calendar on every day from 1390 to 1420", () => {
    const start = Date.UTC(2011, 2, 21);
    const end = Date.UTC(2041, 2, 21);
    for (let ms = start; ms < end; ms += 86_400_000) {
      const d = new Date(ms);
      const g = { gy: d.getUTCFullYear(), gm: d.getUTCMonth() + 1, gd: d.getUTCDate() };
      const j = gregorianToJalali(g);
      expect(j).toEqual(intlJalali(ms));
      expect(jalaliToGregorian(j)).toEqual(g);
    }
  });

  it("knows today's date in the published timetable", () => {
    expect(gregorianToJalali({ gy: 2026, gm: 11, gd: 29 })).toEqual({ jy: 1405, jm: 9, jd: 8 });
    expect(jalaliToGregorian({ jy: 1402, jm: 12, jd: 16 })).toEqual({ gy: 2024, gm: 3, gd: 6 });
  });

  it("parses only real dates", () => {
    expect(parseJalaliDate("1405/09/08")).toEqual({ jy: 1405, jm: 9, jd: 8 });
    expect(parseJalaliDate("1405/07/31")).toBeNull();
    expect(parseJalaliDate("1405/13/01")).toBeNull();
    expect(parseJalaliDate("1405-09-08")).toBeNull();
    expect(parseJalaliDate("۱۴۰۵/۰۹/۰۸")).toBeNull();
    expect(jalaliMonthLength(1403, 12)).toBe(30);
    expect(jalaliMonthLength(1404, 12)).toBe(29);
  });
});
