/**
 * Calls per 15-minute interval of the Tehran day, per county, for the wall's interval charts and
 * the abandon-spike alert. An outcome counts in the interval in which it happened; an offer in the
 * interval the caller joined.
 */
export const INTERVAL_MINUTES = 15;
export const INTERVAL_MS = INTERVAL_MINUTES * 60_000;
export const INTERVALS_PER_DAY = (24 * 60) / INTERVAL_MINUTES;

export interface IntervalCounts {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  timedOut: number;
  leftUnanswered: number;
}

export interface IntervalView extends IntervalCounts {
  /** ISO time the interval starts. */
  start: string;
  /** The answer rate's formula (docs/metrics.md) over this interval's outcomes. */
  answerRate: number | null;
  /** Abandoned (short abandons left out) over the same denominator. */
  abandonRate: number | null;
}

export function emptyIntervals(): IntervalCounts[] {
  return Array.from({ length: INTERVALS_PER_DAY }, () => ({
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    timedOut: 0,
    leftUnanswered: 0,
  }));
}

export function intervalIndex(dayStart: number, at: number): number {
  const index = Math.floor((at - dayStart) / INTERVAL_MS);
  return Math.min(INTERVALS_PER_DAY - 1, Math.max(0, index));
}

export function sumIntervals(all: Iterable<IntervalCounts[]>): IntervalCounts[] {
  const total = emptyIntervals();
  for (const intervals of all) {
    intervals.forEach((counts, i) => {
      const into = total[i];
      if (!into) return;
      into.offered += counts.offered;
      into.answered += counts.answered;
      into.abandoned += counts.abandoned;
      into.shortAbandoned += counts.shortAbandoned;
      into.timedOut += counts.timedOut;
      into.leftUnanswered += counts.leftUnanswered;
    });
  }
  return total;
}

export function intervalView(counts: IntervalCounts, start: number): IntervalView {
  const lost = counts.abandoned - counts.shortAbandoned;
  const denominator = counts.answered + lost + counts.timedOut + counts.leftUnanswered;
  return {
    start: new Date(start).toISOString(),
    ...counts,
    answerRate: denominator > 0 ? counts.answered / denominator : null,
    abandonRate: denominator > 0 ? lost / denominator : null,
  };
}

/** The day's intervals from 00:00 up to and including the one containing `now`. */
export function intervalViews(
  intervals: IntervalCounts[],
  dayStart: number,
  now: number,
): IntervalView[] {
  const last = intervalIndex(dayStart, now);
  return intervals
    .slice(0, last + 1)
    .map((counts, i) => intervalView(counts, dayStart + i * INTERVAL_MS));
}
