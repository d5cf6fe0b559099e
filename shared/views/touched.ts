/**
 * What each event touched: the lines, officials and intervals whose views may have changed, so
 * that a flush recomputes those and not the whole province. Read from the event and from a few
 * marks of the state taken before it was applied; anything that reaches across the province (a
 * new day, calls closed as lost, a switch restart, the first time the clock is known) touches all.
 */
import type { SwitchEvent } from "../events.ts";
import { intervalIndex } from "../intervals.ts";
import type { LiveState } from "../live-types.ts";

export interface Touched {
  all: boolean;
  lines: Set<string>;
  officials: Set<string>;
  /** Indexes of today's intervals. */
  intervals: Set<number>;
}

export function emptyTouched(): Touched {
  return { all: false, lines: new Set(), officials: new Set(), intervals: new Set() };
}

/** The state's marks that betray a change across the province. */
export interface StateMarks {
  dayStart: number;
  lostCalls: number;
  clockKnown: boolean;
}

export function marksOf(state: LiveState): StateMarks {
  return {
    dayStart: state.dayStart,
    lostCalls: state.lostCalls,
    clockKnown: state.clock.at !== null,
  };
}

/** Notes what `event` touched; `applied` is false when the reducer refused it. */
export function noteEvent(
  touched: Touched,
  state: LiveState,
  event: SwitchEvent,
  before: StateMarks,
  applied: boolean,
): void {
  if (
    state.dayStart !== before.dayStart ||
    state.lostCalls !== before.lostCalls ||
    (!before.clockKnown && state.clock.at !== null) ||
    (applied && event.type === "switch.restarted")
  ) {
    touched.all = true;
  }
  if (!applied || touched.all) return;
  // The switch's tally changes no view.
  if ("line" in event && event.type !== "line.switch-tally") touched.lines.add(event.line);
  if ("official" in event) touched.officials.add(event.official);
  if ("call" in event || event.type === "line.reconciled") {
    touched.intervals.add(intervalIndex(state.dayStart, event.at));
  }
}

export function mergeTouched(into: Touched, from: Touched): void {
  into.all ||= from.all;
  for (const id of from.lines) into.lines.add(id);
  for (const id of from.officials) into.officials.add(id);
  for (const index of from.intervals) into.intervals.add(index);
}
