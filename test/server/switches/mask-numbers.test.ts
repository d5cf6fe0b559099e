import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskNumbers, NUMBER_MASK } from "../../../server/switches/mask-numbers.ts";

/** The forms Iranian numbers are written in, as they reach a switch or a log. */
const FORMS = [
  "09121234567",
  "+989121234567",
  "00989121234567",
  "0912 123 4567",
  "0912-123-4567",
  "+98 (912) 123-4567",
  "+98-912-555-1234",
  "(051) 3222-1234",
  "051-32221234",
  "051 3222 1234",
  "32221234",
  "۰۹۱۲۱۲۳۴۵۶۷",
  "۰۹۱۲ ۱۲۳ ۴۵۶۷",
  "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
  "٠٩١٢١٢٣٤٥٦٧",
  "٠٩١٢-١٢٣-٤٥٦٧",
  "۰۹۱۲-123-4567",
  "0912 ۱۲۳ ٤٥٦٧",
  "0912.123.4567",
  "0912/123/4567",
  "0912\u00a0123\u00a04567",
];

const DIGITS = /[0-9\u0660-\u0669\u06F0-\u06F9]/gu;

describe("maskNumbers", () => {
  it.each(FORMS)("masks %s whole, alone and inside a line", (number) => {
    expect(maskNumbers(number)).toBe(NUMBER_MASK);
    const line = `1795949753|1795949752.1|mashhad|NONE|ENTERQUEUE||${number}|1`;
    const masked = maskNumbers(line);
    expect(masked).toContain(`ENTERQUEUE||${NUMBER_MASK}|1`);
    expect(masked).not.toContain(number);
    expect(maskNumbers(`تماس از ${number} در صف`)).toBe(`تماس از ${NUMBER_MASK} در صف`);
  });

  it("leaves short runs: positions, extensions, seconds, queue names", () => {
    for (const text of ["Local/1001@agents/n", "Position: 3", "HoldTime: 15", "mashhad", "ناهار"])
      expect(maskNumbers(text)).toBe(text);
  });

  it("never leaves six digits in a row, whatever the script or separators", () => {
    const digit = fc.constantFrom(..."0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹");
    const separator = fc.constantFrom("", "", " ", "-", ".", "(", ")", "/", "  ", ") ");
    const number = fc
      .array(fc.tuple(separator, digit), { minLength: 6, maxLength: 16 })
      .map((parts) => parts.map(([s, d]) => s + d).join(""));
    fc.assert(
      fc.property(fc.string(), number, fc.string(), (before, n, after) => {
        const masked = maskNumbers(`${before} ${n} ${after}`);
        expect(masked.match(DIGITS)?.length ?? 0).toBeLessThanOrEqual(
          `${before}${after}`.match(DIGITS)?.length ?? 0,
        );
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
