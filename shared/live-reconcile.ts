/**
 * Calls the switch counted while nobody listened (line.reconciled): added to the line's counters,
 * today's intervals and the open history interval as the event says, and marked reconstructed.
 * Part of the live-state reducer (live-state.ts); deterministic and free of I/O like the rest.
 */
import type { EventOf } from "./events.ts";
import { emptyIntervals, intervalIndex } from "./intervals.ts";
import { lineInterval } from "./live-intervals.ts";
import type { LineLive, LiveState } from "./live-types.ts";

export function applyReconciled(
  state: LiveState,
  line: LineLive,
  event: EventOf<"line.reconciled">,
): void {
  const c = line.counters;
  c.offered += event.offered;
  c.answered += event.answered;
  c.answeredInServiceLevel += event.answeredInServiceLevel;
  c.waitAnsweredSec += event.waitSec;
  // Every completion of the switch's counter is one the switch counted.
  c.completed += event.completed;
  c.completedInServiceLevel += event.completedInServiceLevel;
  c.switchCompleted += event.completed;
  c.switchCompletedInServiceLevel += event.completedInServiceLevel;
  c.talkSec += event.talkSec;
  c.abandoned += event.abandoned;
  c.lostInServiceLevel += event.abandonedInServiceLevel;
  c.reconstructed += Math.max(event.answered, event.completed) + event.abandoned;
  const interval = lineInterval(state, line.id);
  interval.offered += event.offered;
  interval.answered += event.answered;
  interval.answeredInServiceLevel += event.answeredInServiceLevel;
  interval.waitAnsweredSec += event.waitSec;
  interval.completed += event.completed;
  interval.talkSec += event.talkSec;
  interval.abandoned += event.abandoned;
  const key = line.county ?? "";
  let intervals = state.intervals.get(key);
  if (!intervals) {
    intervals = emptyIntervals();
    state.intervals.set(key, intervals);
  }
  const index = intervalIndex(state.dayStart, Math.max(event.at, state.openInterval.start));
  // intervalIndex clamps, and the clock refuses events outside the day: never undefined.
  const bucket = intervals[index] ?? intervals[0]!;
  bucket.offered += event.offered;
  bucket.answered += event.answered;
  bucket.abandoned += event.abandoned;
}
