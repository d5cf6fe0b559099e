/**
 * The detail chart's bars: the period's 15-minute intervals, every one of them (an interval with
 * no row is a zero, not a gap), added into hours for a longer period and into days for a longer
 * one still (a week is 672 quarters; a month would be 2,880), so a bar stays wide enough to see.
 * Pure.
 */
import { daysOf, type Period } from "../../../shared/periods.ts";
import { tehranToMs } from "../../../shared/tehran-time.ts";

const QUARTER_MS = 15 * 60_000;

export type BucketSize = "quarter" | "hour" | "day";

export interface Buckets<K extends string> {
  size: BucketSize;
  /** Each bar's start, ISO. */
  starts: string[];
  /** Per series, the sum of its figure over each bar. */
  series: Record<K, number[]>;
}

export function bucketSizeFor(period: Period): BucketSize {
  const days = daysOf(period).length;
  return days <= 7 ? "quarter" : days <= 31 ? "hour" : "day";
}

function bucketStarts(period: Period, size: BucketSize): number[] {
  const starts: number[] = [];
  for (const day of daysOf(period)) {
    const [gy, gm, gd] = day.split("-").map(Number) as [number, number, number];
    const dayStart = tehranToMs(gy, gm, gd);
    if (size === "day") starts.push(dayStart);
    else {
      const step = size === "hour" ? 4 * QUARTER_MS : QUARTER_MS;
      for (let at = 0; at < 96 * QUARTER_MS; at += step) starts.push(dayStart + at);
    }
  }
  return starts;
}

/** The last bar that starts at or before the instant; -1 before the first. */
function bucketOf(starts: readonly number[], at: number): number {
  let index = -1;
  for (let lo = 0, hi = starts.length - 1; lo <= hi;) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) <= at) {
      index = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return index;
}

export function intervalBuckets<K extends string>(
  rows: readonly ({ start: string } & Record<K, number | null>)[],
  period: Period,
  keys: readonly K[],
): Buckets<K> {
  const size = bucketSizeFor(period);
  const starts = bucketStarts(period, size);
  const series = {} as Record<K, number[]>;
  for (const key of keys) series[key] = starts.map(() => 0);
  for (const row of rows) {
    const index = bucketOf(starts, Date.parse(row.start));
    if (index < 0) continue;
    for (const key of keys) series[key][index] = (series[key][index] ?? 0) + (row[key] ?? 0);
  }
  return { size, starts: starts.map((ms) => new Date(ms).toISOString()), series };
}
