import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFormat } from "../../../client/src/lib/format.ts";
import {
  decodeNumber,
  decodeTime,
  encodeNumber,
  encodeTime,
  fractionOf,
  WireError,
} from "../../../shared/views/wire-values.ts";

const roundTrip = (x: number | null): number | null =>
  decodeNumber(JSON.parse(JSON.stringify(encodeNumber(x))), "x");

describe("numbers on the wire", () => {
  it("give back every quotient of two day-sized counts exactly, as a short fraction", () => {
    fc.assert(
      fc.property(fc.nat(2_000_000), fc.integer({ min: 1, max: 2_000_000 }), (a, b) => {
        const x = a / b;
        expect(Object.is(roundTrip(x), x)).toBe(true);
        if (!Number.isInteger(x)) expect(fractionOf(x)?.[1]).toBeLessThanOrEqual(b);
      }),
      { numRuns: 5_000 },
    );
  });

  it("send any other double as it is, and it comes back the same", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(roundTrip(x)).toBe(JSON.parse(JSON.stringify(x)));
      }),
    );
    for (const x of [Math.PI, 1e-300, 0.1 + 0.2, -2 / 3, null]) expect(roundTrip(x)).toBe(x);
  });

  it("show the same percent and the same seconds as the exact figure, at every edge", () => {
    // Exact values cannot display otherwise; this pins it where a rounding scheme would fail:
    // halves of a percent, just under 100 %, just over 0 %.
    const edges = [1 / 8, 1 / 200, 199 / 200, 2 / 3, 1 / 3, 994 / 1000, 995 / 1000, 1 / 1e6];
    const random = fc.sample(
      fc.tuple(fc.nat(100_000), fc.integer({ min: 1, max: 100_000 })).map(([a, b]) => a / b),
      { numRuns: 2_000, seed: 13 },
    );
    for (const lang of ["fa", "en"] as const) {
      const format = createFormat(lang);
      for (const x of [...edges, ...random]) {
        const back = roundTrip(x);
        expect(format.percent(back)).toBe(format.percent(x));
        expect(format.duration(back ?? 0)).toBe(format.duration(x));
      }
    }
  });

  it("refuse what is not a number or a fraction", () => {
    for (const bad of ["1", [1], [1, 0], [1.5, 2], [1, -2], {}, Infinity])
      expect(() => decodeNumber(bad, "answerRate")).toThrow(WireError);
  });
});

describe("times on the wire", () => {
  it("travel as milliseconds from the frame's time and come back as the same ISO string", () => {
    const base = Date.parse("2026-11-30T05:00:00.000Z");
    for (const iso of ["2026-11-30T04:59:58.976Z", "2026-11-30T05:00:00.000Z", null]) {
      const sent = encodeTime(iso, base);
      expect(typeof sent === "number" || sent === null).toBe(true);
      expect(decodeTime(sent, base, "t")).toBe(iso);
    }
    // Not written by toISOString: sent as it is.
    expect(encodeTime("2026-11-30T08:30:00+03:30", base)).toBe("2026-11-30T08:30:00+03:30");
    expect(() => decodeTime(1e20, base, "stateSince")).toThrow(WireError);
    expect(() => decodeTime(true, base, "stateSince")).toThrow(/stateSince: not a time/);
  });
});
