/**
 * The metric definitions, frozen and versioned (docs/metrics.md states every formula). A figure
 * whose formula changes gets a new version; the version travels in every snapshot.
 */
import { emptyCounters } from "./call-counters.ts";
import type { LineCounters } from "./live-types.ts";

export const METRIC_DEFINITIONS_VERSION = "2";

export interface CallFigures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  timedOut: number;
  leftUnanswered: number;
  /** Calls closed with no outcome heard from the switch; outside the answer rate. */
  lost: number;
  /** answered / (answered + abandoned − short abandons + timed out + left unanswered). */
  answerRate: number | null;
  /** Answered within the line's threshold, over the same denominator as the answer rate. */
  serviceLevel: number | null;
  /** Asterisk's ServicelevelPerf: completed within the threshold / completed (as it counts). */
  serviceLevelPerf: number | null;
  /** Asterisk's ServicelevelPerf2: (completed + lost within the threshold) / (completed + lost). */
  serviceLevelPerf2: number | null;
  /** Mean wait of answered calls, seconds (a true mean, not Asterisk's moving average). */
  averageSpeedOfAnswerSec: number | null;
  /** Mean talk time of ended conversations, seconds. */
  averageTalkSec: number | null;
  longestWaitTodaySec: number;
  /** Calls whose outcome was reconstructed from the switch's counters after an outage. */
  reconstructed: number;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function sumCounters(all: Iterable<LineCounters>): LineCounters {
  const total = emptyCounters();

  for (const c of all) {
    for (const key of Object.keys(total) as (keyof LineCounters)[]) {
      total[key] = key === "longestWaitSec" ? Math.max(total[key], c[key]) : total[key] + c[key];
    }
  }
  return total;
}

/** Calls that reached an outcome and count toward the answer rate. */
export function answerRateDenominator(c: LineCounters): number {
  return c.answered + c.abandoned - c.shortAbandoned + c.timedOut + c.leftUnanswered;
}

export function callFigures(c: LineCounters): CallFigures {
  const denominator = answerRateDenominator(c);
  const lost = c.abandoned + c.timedOut;
  return {
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    shortAbandoned: c.shortAbandoned,
    timedOut: c.timedOut,
    leftUnanswered: c.leftUnanswered,
    lost: c.lost,
    answerRate: ratio(c.answered, denominator),
    serviceLevel: ratio(c.answeredInServiceLevel, denominator),
    serviceLevelPerf: ratio(c.switchCompletedInServiceLevel, c.switchCompleted),
    serviceLevelPerf2: ratio(
      c.switchCompletedInServiceLevel + c.lostInServiceLevel,
      c.switchCompleted + lost,
    ),
    averageSpeedOfAnswerSec: ratio(c.waitAnsweredSec, c.answered),
    averageTalkSec: ratio(c.talkSec, c.completed),
    longestWaitTodaySec: c.longestWaitSec,
    reconstructed: c.reconstructed,
  };
}
