/**
 * Judges an event's time against the switch clock the log has told so far, so that one event
 * dated 2100 or 1970 is refused instead of moving the day. The clock is learned from the log
 * alone (heartbeats, events and the log's own append times), so every instance reducing the same
 * log judges alike. Pure.
 */
import type { SwitchEvent } from "./events.ts";
import type { LiveClock, LiveLimits, LiveState } from "./live-types.ts";

export type TimeVerdict = { ok: true; rebase: boolean } | { ok: false; reason: string };

/** Wall time an event may take to reach the log, times the clock's rate, either way. */
const TRANSIT_MS = 1_000;

export function emptyClock(): LiveClock {
  return { at: null, appendedAt: 0, rate: 1, source: null, rebaseAllowed: false };
}

/** The switch time the log expects at an entry appended at `appendedAt`. */
export function expectedSwitchTime(clock: LiveClock, appendedAt: number): number {
  if (clock.at === null) return appendedAt;
  return clock.at + Math.max(0, appendedAt - clock.appendedAt) * clock.rate;
}

export function judgeTime(
  state: LiveState,
  event: SwitchEvent,
  appendedAt: number,
  limits: LiveLimits,
): TimeVerdict {
  // A status says how the link is, not what time it is: it never moves the clock.
  if (event.type === "switch.status") return { ok: true, rebase: false };
  const { clock } = state;
  if (event.type === "switch.heartbeat" && (clock.at === null || clock.rebaseAllowed)) {
    if (clock.at !== null && event.at < state.dayStart) return refuse("clock-backwards");
    return { ok: true, rebase: true };
  }
  const expected = expectedSwitchTime(clock, appendedAt);
  const slack = TRANSIT_MS * clock.rate;
  if (event.at > expected + limits.maxAheadMs + slack) return refuse("ahead-of-clock");
  if (event.at < expected - limits.maxBehindMs - slack) return refuse("behind-clock");
  if (clock.at !== null && event.at < state.dayStart) return refuse("before-day");
  return { ok: true, rebase: false };
}

/** Moves the clock to an accepted entry; a heartbeat also sets the rate. */
export function moveClock(
  clock: LiveClock,
  event: SwitchEvent,
  appendedAt: number,
  rebase: boolean,
): void {
  if (event.type === "switch.status") {
    clock.rebaseAllowed = true;
    return;
  }
  clock.rebaseAllowed = false;
  if (event.type === "switch.heartbeat") {
    clock.rate = event.rate;
    clock.source = event.source;
  }
  // The anchor only moves forward: an entry that arrives late (buffered through an outage) must
  // not make the fresh ones after it look ahead of the clock.
  if (rebase || clock.at === null || event.at >= expectedSwitchTime(clock, appendedAt)) {
    clock.at = event.at;
    clock.appendedAt = appendedAt;
  }
}

function refuse(reason: string): TimeVerdict {
  return { ok: false, reason };
}
