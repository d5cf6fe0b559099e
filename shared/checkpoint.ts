/**
 * The live state as plain JSON and back, so a restart can start from a checkpoint and read only
 * the log after it. Versioned: a checkpoint of another version is not read (the state is then
 * rebuilt from the log). Pure.
 */
import { emptyCounters } from "./call-counters.ts";
import type { IntervalCounts } from "./intervals.ts";
import type {
  CallLive,
  LineIntervalCounts,
  OfficialIntervalCounts,
  LineLive,
  LiveClock,
  LiveState,
  Membership,
  OfficialLive,
} from "./live-types.ts";

// 4: a line's interval counts became the full counter set.
export const CHECKPOINT_VERSION = 4;

type LineJson = Omit<LineLive, "waiting" | "members"> & {
  waiting: [string, number][];
  members: [string, Membership][];
};

export interface StateJson {
  version: number;
  dayStart: number;
  nextDayStart: number;
  lines: LineJson[];
  intervals: [string, IntervalCounts[]][];
  previousDay: LiveState["previousDay"];
  officials: OfficialLive[];
  calls: [string, CallLive][];
  finishedOrder: string[];
  clock: LiveClock;
  switchTime: number;
  nextSweepAt: number;
  lastEventAt: number | null;
  switchConnected: boolean | null;
  switchDetail: string;
  recentIdOrder: string[];
  unknownLines: number;
  unknownOfficials: number;
  rejected: Record<string, number>;
  correctedDurations: number;
  lostCalls: number;
  openInterval: {
    start: number;
    lines: [string, LineIntervalCounts][];
    officials: [string, OfficialIntervalCounts][];
  };
  outbox: LiveState["outbox"];
}

export function stateToJson(state: LiveState): StateJson {
  return {
    version: CHECKPOINT_VERSION,
    dayStart: state.dayStart,
    nextDayStart: state.nextDayStart,
    lines: [...state.lines.values()].map((line) => ({
      ...line,
      waiting: [...line.waiting],
      members: [...line.members],
    })),
    intervals: [...state.intervals],
    previousDay: state.previousDay,
    officials: [...state.officials.values()],
    calls: [...state.calls],
    finishedOrder: state.finishedOrder,
    clock: state.clock,
    switchTime: state.switchTime,
    nextSweepAt: state.nextSweepAt,
    lastEventAt: state.lastEventAt,
    switchConnected: state.switchConnected,
    switchDetail: state.switchDetail,
    recentIdOrder: state.recentIdOrder,
    unknownLines: state.unknownLines,
    unknownOfficials: state.unknownOfficials,
    rejected: state.rejected,
    correctedDurations: state.correctedDurations,
    lostCalls: state.lostCalls,
    openInterval: {
      start: state.openInterval.start,
      lines: [...state.openInterval.lines],
      officials: [...state.openInterval.officials],
    },
    outbox: state.outbox,
  };
}

/** The state a checkpoint holds; null when it is of another version. */
export function stateFromJson(json: StateJson): LiveState | null {
  if (json.version !== CHECKPOINT_VERSION) return null;
  const memberOf = new Map<string, Set<string>>();
  for (const line of json.lines) {
    for (const [official] of line.members) {
      const lines = memberOf.get(official) ?? new Set<string>();
      lines.add(line.id);
      memberOf.set(official, lines);
    }
  }
  return {
    dayStart: json.dayStart,
    nextDayStart: json.nextDayStart,
    lines: new Map(
      json.lines.map((line) => [
        line.id,
        {
          ...line,
          // A checkpoint written before `reconstructed` existed lacks it.
          counters: { ...emptyCounters(), ...line.counters },
          waiting: new Map(line.waiting),
          members: new Map(line.members),
        },
      ]),
    ),
    intervals: new Map(json.intervals),
    previousDay: json.previousDay,
    officials: new Map(json.officials.map((official) => [official.id, official])),
    calls: new Map(json.calls),
    finishedCalls: new Set(json.finishedOrder),
    finishedOrder: json.finishedOrder,
    clock: json.clock,
    switchTime: json.switchTime,
    nextSweepAt: json.nextSweepAt,
    lastEventAt: json.lastEventAt,
    switchConnected: json.switchConnected,
    switchDetail: json.switchDetail,
    recentIds: new Set(json.recentIdOrder),
    recentIdOrder: json.recentIdOrder,
    unknownLines: json.unknownLines,
    unknownOfficials: json.unknownOfficials,
    rejected: json.rejected,
    correctedDurations: json.correctedDurations,
    lostCalls: json.lostCalls,
    memberOf,
    openInterval: {
      start: json.openInterval.start,
      lines: new Map(json.openInterval.lines),
      officials: new Map(json.openInterval.officials),
    },
    outbox: json.outbox,
  };
}
