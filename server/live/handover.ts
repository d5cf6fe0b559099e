/**
 * What the event log knew of the switch, for an adapter that takes over from another (a new
 * leader, a restart). Pure: read from the live state.
 */
import type { LiveState } from "../../shared/live-types.ts";
import type { Handover } from "../switches/switch-adapter.ts";

/**
 * The calls open, the switch time heard, and the switch's counters as last expected. Those are
 * handed on only within the day the state covers (`switchNow` before its end): Asterisk's run
 * since the queue was loaded, so calls counted across a night would land in the wrong day.
 */
export function handoverOf(state: LiveState, switchNow: number): Handover {
  return {
    heardUntil: state.clock.at === null ? null : state.lastEventAt,
    calls: [...state.calls].map(([key, live]) => ({
      // The state keys a call by its line and the switch's id (callKey).
      call: key.slice(live.line.length + 1),
      line: live.line,
      joinedAt: live.joinedAt,
      official: live.official,
      answeredAt: live.answeredAt,
    })),
    tallies:
      switchNow < state.nextDayStart
        ? [...state.lines.values()].flatMap((line) => (line.switchTally ? [line.switchTally] : []))
        : [],
  };
}
