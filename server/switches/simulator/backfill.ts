/**
 * The simulator's past: runs the model over the days before its start and keeps each day's calls
 * per interval in the history, so a demo can compare today with the same weekday last week.
 * Days already in the history are left as they are.
 */
import { applyEvent, createLiveState } from "../../../shared/live-state.ts";
import { parseSwitchEvent } from "../../../shared/events.ts";
import { sumIntervals } from "../../../shared/intervals.ts";
import type { Reference } from "../../../shared/reference.ts";
import { tehranDayStart } from "../../../shared/tehran-time.ts";
import type { HistoryStore } from "../../history/history-store.ts";
import { Simulation } from "./simulation.ts";

const DAY = 86_400_000;

export async function backfillHistory(options: {
  reference: Reference;
  seed: number;
  /** The simulator's start: the days before this one are filled. */
  start: number;
  days: number;
  history: HistoryStore;
}): Promise<number> {
  let filled = 0;
  const today = tehranDayStart(options.start);
  for (let back = options.days; back >= 1; back -= 1) {
    const dayStart = tehranDayStart(today - back * DAY + 3_600_000);
    if (await options.history.loadDay(dayStart)) continue;
    const simulation = new Simulation({
      reference: options.reference,
      seed: options.seed + back,
      start: dayStart,
    });
    const state = createLiveState(options.reference, dayStart);
    for (const input of simulation.advanceTo(dayStart + DAY - 1)) {
      const parsed = parseSwitchEvent(input);
      if (parsed.ok) applyEvent(state, parsed.event);
    }
    await options.history.saveDay(dayStart, sumIntervals(state.intervals.values()));
    filled += 1;
  }
  return filled;
}
