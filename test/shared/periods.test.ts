import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  daysOf,
  isIsoDay,
  isoToJalali,
  jalaliMonthOf,
  jalaliToIso,
  parseJalaliInput,
  periodDays,
  periodOf,
  periodProblem,
  tehranDay,
  weekOf,
  weekdayOf,
} from "../../shared/periods.ts";

// Monday 9 Azar 1405, 10:00 in Tehran.
const MONDAY = Date.parse("2026-11-30T06:30:00Z");

/** The weekday as Intl's Persian calendar names it, independently of our arithmetic. */
const intlWeekday = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone: "UTC" }).format(
    new Date(`${iso}T12:00:00Z`),
  );

describe("the inspection periods", () => {
  it("take the Tehran day, not the UTC one", () => {
    // 23:00 UTC on the 29th is 02:30 on the 30th in Tehran.
    expect(tehranDay(Date.parse("2026-11-29T23:00:00Z"))).toBe("2026-11-30");
    expect(tehranDay(Date.parse("2026-11-29T20:29:00Z"))).toBe("2026-11-29");
  });

  it("name today, this week and last week Saturday to Friday", () => {
    expect(periodOf("today", MONDAY)).toEqual({ from: "2026-11-30", to: "2026-11-30" });
    expect(periodOf("this-week", MONDAY)).toEqual({ from: "2026-11-28", to: "2026-12-04" });
    expect(periodOf("last-week", MONDAY)).toEqual({ from: "2026-11-21", to: "2026-11-27" });
    expect(intlWeekday("2026-11-28")).toBe("Sat");
    expect(intlWeekday("2026-12-04")).toBe("Fri");
  });

  it("keep Friday in its own week and Saturday at the start of the next", () => {
    const friday = Date.parse("2026-12-04T19:00:00Z"); // 22:30 Friday in Tehran
    expect(periodOf("this-week", friday)).toEqual({ from: "2026-11-28", to: "2026-12-04" });
    const saturday = Date.parse("2026-12-04T21:00:00Z"); // 00:30 Saturday in Tehran
    expect(periodOf("this-week", saturday)).toEqual({ from: "2026-12-05", to: "2026-12-11" });
    expect(periodOf("last-week", saturday)).toEqual({ from: "2026-11-28", to: "2026-12-04" });
  });

  it("take this month as the Jalali month", () => {
    expect(periodOf("this-month", MONDAY)).toEqual({ from: "2026-11-22", to: "2026-12-21" });
    expect(isoToJalali("2026-11-22")).toBe("1405/09/01");
    expect(isoToJalali("2026-12-21")).toBe("1405/09/30");
    // Esfand 1405 has 29 days; Farvardin 31.
    expect(jalaliMonthOf("2027-03-01")).toEqual({ from: "2027-02-20", to: "2027-03-20" });
    expect(jalaliMonthOf("2026-04-01")).toEqual({ from: "2026-03-21", to: "2026-04-20" });
  });

  it("put every day in a Saturday-to-Friday week of seven days", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (offset) => {
        const day = addDays("2000-01-01", offset);
        const week = weekOf(day);
        expect(intlWeekday(week.from)).toBe("Sat");
        expect(periodDays(week)).toBe(7);
        expect(day >= week.from && day <= week.to).toBe(true);
        expect(weekdayOf(day)).toBe(daysOf(week).indexOf(day));
      }),
    );
  });

  it("agree with Intl's Persian calendar on every month's first and last day", () => {
    const persian = new Intl.DateTimeFormat("en-US-u-ca-persian", {
      timeZone: "UTC",
      day: "numeric",
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15_000 }), (offset) => {
        const month = jalaliMonthOf(addDays("2000-01-01", offset));
        expect(persian.format(new Date(`${month.from}T12:00:00Z`))).toBe("1");
        expect(persian.format(new Date(`${addDays(month.to, 1)}T12:00:00Z`))).toBe("1");
        expect(periodDays(month)).toBeGreaterThanOrEqual(29);
        expect(periodDays(month)).toBeLessThanOrEqual(31);
      }),
    );
  });

  it("read a Jalali date as people type it", () => {
    expect(parseJalaliInput("۱۴۰۵/۰۹/۰۹")).toBe("2026-11-30");
    expect(parseJalaliInput(" 1405-9-9 ")).toBe("2026-11-30");
    expect(parseJalaliInput("1405.09.30")).toBe("2026-12-21");
    expect(parseJalaliInput("1405/09/31")).toBeNull();
    expect(parseJalaliInput("1405/13/01")).toBeNull();
    expect(parseJalaliInput("yesterday")).toBeNull();
    expect(jalaliToIso("1405/01/01")).toBe("2026-03-21");
  });

  it("refuse a range backwards or longer than a year", () => {
    expect(periodProblem({ from: "2026-11-30", to: "2026-11-29" })).toBe("order");
    expect(periodProblem({ from: "2025-11-29", to: "2026-11-30" })).toBe("too-long");
    expect(periodProblem({ from: "2025-11-30", to: "2026-11-30" })).toBeNull();
  });

  it("check ISO days strictly", () => {
    expect(isIsoDay("2026-02-28")).toBe(true);
    expect(isIsoDay("2026-02-29")).toBe(false);
    expect(isIsoDay("2026-2-1")).toBe(false);
  });
});
