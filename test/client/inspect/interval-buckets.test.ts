import { describe, expect, it } from "vitest";
import { intervalBuckets } from "../../../client/src/inspect/interval-buckets.ts";

const KEYS = ["offered", "answered", "abandoned"] as const;
const row = (start: string, offered: number, answered = offered) => ({
  start,
  offered,
  answered,
  abandoned: offered - answered,
});

describe("the detail chart's bars", () => {
  it("give a day all 96 quarters in Tehran time, zeros where nothing was stored", () => {
    const buckets = intervalBuckets(
      [row("2026-11-22T04:30:00.000Z", 3, 2), row("2026-11-22T04:45:00.000Z", 1)],
      { from: "2026-11-22", to: "2026-11-22" },
      KEYS,
    );
    expect(buckets.size).toBe("quarter");
    expect(buckets.starts).toHaveLength(96);
    expect(buckets.starts[0]).toBe("2026-11-21T20:30:00.000Z"); // 00:00 Tehran
    // 08:00 and 08:15 Tehran are the 32nd and 33rd quarters.
    expect(buckets.series.offered.slice(32, 34)).toEqual([3, 1]);
    expect(buckets.series.abandoned[32]).toBe(1);
    expect(buckets.series.offered.reduce((a, b) => a + b)).toBe(4);
  });

  it("keep a week in quarters, add a month into hours and a season into days, losing no call", () => {
    const rows = [
      row("2026-11-22T04:30:00.000Z", 3),
      row("2026-11-22T04:45:00.000Z", 2),
      row("2026-11-27T20:15:00.000Z", 5), // 23:45 Friday in Tehran
    ];
    const week = intervalBuckets(rows, { from: "2026-11-21", to: "2026-11-27" }, KEYS);
    expect(week.size).toBe("quarter");
    expect(week.starts).toHaveLength(7 * 96);
    expect(week.series.offered[96 + 32]).toBe(3);
    expect(week.series.offered.at(-1)).toBe(5);
    const month = intervalBuckets(rows, { from: "2026-11-22", to: "2026-12-21" }, KEYS);
    expect(month.size).toBe("hour");
    expect(month.series.offered[8]).toBe(5);
    expect(month.series.offered[5 * 24 + 23]).toBe(5);
    const season = intervalBuckets(rows, { from: "2026-10-22", to: "2026-12-21" }, KEYS);
    expect(season.size).toBe("day");
    expect(season.series.offered[31]).toBe(5);
    expect(season.series.offered[36]).toBe(5);
    expect(season.series.offered.reduce((a, b) => a + b)).toBe(10);
  });
});
