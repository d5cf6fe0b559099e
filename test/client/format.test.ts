import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFormat, wholePercent } from "../../client/src/lib/format.ts";
import { langFromQuery } from "../../client/src/lib/i18n/locale.ts";

const fa = createFormat("fa");
const en = createFormat("en");
/** Persian digits and the Persian separators, nothing Latin. */
const PERSIAN_FIGURE = /^[۰-۹٬٫:٪]+$/;

describe("numbers", () => {
  it("uses Persian digits and the Persian thousands separator", () => {
    expect(fa.number(0)).toBe("۰");
    expect(fa.number(1234567)).toBe("۱٬۲۳۴٬۵۶۷");
    expect(en.number(1234567)).toBe("1,234,567");
  });

  it("never shows a Latin digit in Persian", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), (n) => {
        expect(fa.number(n)).toMatch(PERSIAN_FIGURE);
        expect(fa.duration(n)).toMatch(PERSIAN_FIGURE);
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (ratio) => {
        expect(fa.percent(ratio)).toMatch(PERSIAN_FIGURE);
      }),
    );
  });

  it("writes a simulation's speed with at most one decimal, in the wall's digits", () => {
    expect(fa.decimal(10)).toBe("۱۰");
    expect(fa.decimal(2.5)).toBe("۲٫۵");
    expect(en.decimal(0.25)).toBe("0.3");
    expect(fa.decimal(Number.NaN)).toBe("—");
  });

  it("shows a dash for what is not known", () => {
    expect(fa.number(Number.NaN)).toBe("—");
    expect(fa.percent(null)).toBe("—");
    expect(fa.duration(-1)).toBe("—");
    expect(fa.time("not a time")).toBe("—");
  });
});

describe("percent", () => {
  it("puts ٪ after the number in Persian", () => {
    expect(fa.percent(0.853)).toBe("۸۵٪");
    expect(fa.percent(1)).toBe("۱۰۰٪");
    expect(fa.percent(0)).toBe("۰٪");
    expect(en.percent(0.853)).toBe("85%");
  });

  it("never rounds to 100 or to 0 unless it is exactly that", () => {
    expect(wholePercent(0.996)).toBe(99);
    expect(wholePercent(0.004)).toBe(1);
    expect(wholePercent(1)).toBe(100);
    expect(wholePercent(0)).toBe(0);
    expect(wholePercent(0.5)).toBe(50);
  });
});

describe("duration", () => {
  it("reads m:ss, and h:mm:ss from an hour", () => {
    expect(fa.duration(0)).toBe("۰:۰۰");
    expect(fa.duration(65)).toBe("۱:۰۵");
    expect(fa.duration(59.9)).toBe("۰:۵۹");
    expect(fa.duration(3725)).toBe("۱:۰۲:۰۵");
    expect(en.duration(65)).toBe("1:05");
    expect(en.duration(3725)).toBe("1:02:05");
  });
});

describe("dates and times in Tehran", () => {
  // 23:59:59 and then 00:00:00 Tehran (UTC+03:30) on the night of 8 to 9 Azar 1404.
  const lastSecond = "2025-11-29T20:29:59.000Z";
  const nextDay = "2025-11-29T20:30:00.000Z";

  it("formats the Jalali date day-first with the weekday apart", () => {
    expect(fa.date(lastSecond)).toBe("۸ آذر ۱۴۰۴");
    expect(fa.weekday(lastSecond)).toBe("شنبه");
    expect(fa.date(nextDay)).toBe("۹ آذر ۱۴۰۴");
    expect(fa.weekday(nextDay)).toBe("یکشنبه");
    expect(fa.secondaryDate(nextDay)).toBeNull();
  });

  it("turns the year at Nowruz", () => {
    expect(fa.date("2025-03-20T20:30:00.000Z")).toBe("۱ فروردین ۱۴۰۴");
    expect(fa.date("2025-03-20T20:29:59.000Z")).toBe("۳۰ اسفند ۱۴۰۳");
  });

  it("keeps the Jalali date in English, with the Gregorian date beside it", () => {
    expect(en.date(nextDay)).toBe("9 Azar 1404 AP");
    expect(en.weekday(nextDay)).toBe("Sunday");
    expect(en.secondaryDate(nextDay)).toBe("30 Nov 2025");
  });

  it("shows Tehran's 24-hour time, not the machine's", () => {
    expect(fa.time(lastSecond)).toBe("۲۳:۵۹:۵۹");
    expect(fa.time(nextDay)).toBe("۰۰:۰۰:۰۰");
    expect(en.time("2025-11-29T10:05:09Z")).toBe("13:35:09");
  });
});

describe("langFromQuery", () => {
  it("is Persian unless English is asked for", () => {
    expect(langFromQuery("")).toBe("fa");
    expect(langFromQuery("?lang=en")).toBe("en");
    expect(langFromQuery("?x=1&lang=en")).toBe("en");
    expect(langFromQuery("?lang=de")).toBe("fa");
  });
});
