/**
 * The detail chart's bars: the period's 15-minute intervals, every one of them (an interval with
 * no row is a zero, not a gap), added into hours for a longer period and into days for a longer
 * one still (a week is 672 quarters; a month would be 2,880), so a bar stays wide enough to see.
 * Pure.
 */
import { daysOf, type Period } from "../../../shared/periods.ts";
import { tehranToMs } from "../../../shared/tehran-time.ts";
import type { IntervalRow } from "./inspect-types.ts";

const QUARTER_MS = 15 * 60_000;

export type BucketSize = "quarter" | "hour" | "day";

export interface Buckets {
  size: BucketSize;
  /** Each bar's start, ISO. */
  starts: string[];
  offered: number[];
  answered: number[];
  abandoned: number[];
  timedOut: number[];
}

export function bucketSizeFor(period: Period): BucketSize {
  const days = daysOf(period).length;
  return days <= 7 ? "quarter" : days <= 31 ? "hour" : "day";
}

export function intervalBuckets(rows: readonly IntervalRow[], period: Period): Buckets {
  const size = bucketSizeFor(period);
  const starts: number[] = [];
  for (const day of daysOf(period)) {
    const [gy, gm, gd] = day.split("-").map(Number) as [number, number, number];
    const dayStart = tehranToMs(gy, gm, gd);
    if (size === "day") starts.push(dayStart);
    else {
      const step = size === "hour" ? 4 * QUARTER_MS : QUARTER_MS;
      const count = (24 * 4 * QUARTER_MS) / step;
      for (let i = 0; i < count; i += 1) starts.push(dayStart + i * step);
    }
  }
  const zeros = () => starts.map(() => 0);
  const buckets: Buckets = {
    size,
    starts: starts.map((ms) => new Date(ms).toISOString()),
    offered: zeros(),
    answered: zeros(),
    abandoned: zeros(),
    timedOut: zeros(),
  };
  for (const row of rows) {
    const at = Date.parse(row.start);
    // The last bar that starts at or before the interval: starts are in order.
    let index = -1;
    for (let lo = 0, hi = starts.length - 1; lo <= hi;) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] ?? 0) <= at) {
        index = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (index < 0) continue;
    for (const key of ["offered", "answered", "abandoned", "timedOut"] as const)
      buckets[key][index] = (buckets[key][index] ?? 0) + row[key];
  }
  return buckets;
}
