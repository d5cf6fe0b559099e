/**
 * The simulator's past: runs the model over the days before its start and keeps each day in the
 * history by the live path's own route: the simulated events are reduced (reduceEvents), the
 * intervals, calls and presence that close are written like the leader writes them, and the
 * province's day goes to the wall's comparison store. Days already in the history are left as
 * they are.
 */
import { parseSwitchEvent, type SwitchEvent } from "../../../shared/events.ts";
import { sumIntervals } from "../../../shared/intervals.ts";
import { closeIntervals, takeOutbox } from "../../../shared/live-intervals.ts";
import { reduceEvents } from "../../../shared/live-state.ts";
import type { Reference } from "../../../shared/reference.ts";
import { nextTehranDayStart, tehranDayStart } from "../../../shared/tehran-time.ts";
import type { HistoryStore } from "../../history/history-store.ts";
import type { RecordWriter } from "../../live/live-service.ts";
import { Simulation } from "./simulation.ts";

const DAY = 86_400_000;

export async function backfillHistory(options: {
  reference: Reference;
  seed: number;
  /** The simulator's start: the days before this one are filled. */
  start: number;
  days: number;
  /** Where the days for the wall's comparison are kept, and asked whether a day is. */
  history: HistoryStore;
  /** Where the inspection history's records go. @default nowhere */
  records?: RecordWriter | null;
}): Promise<number> {
  let filled = 0;
  const today = tehranDayStart(options.start);
  for (let back = options.days; back >= 1; back -= 1) {
    const dayStart = tehranDayStart(today - back * DAY + 3_600_000);
    if (await options.history.loadDay(dayStart)) continue;
    const dayEnd = nextTehranDayStart(dayStart);
    const simulation = new Simulation({
      reference: options.reference,
      seed: options.seed + back,
      start: dayStart,
    });
    const state = reduceEvents(
      options.reference,
      parsed(simulation.advanceTo(dayEnd - 1)),
      dayStart,
    );
    closeIntervals(state, dayEnd);
    await options.records?.write(takeOutbox(state));
    await options.history.saveDay(dayStart, sumIntervals(state.intervals.values()));
    filled += 1;
  }
  return filled;
}

function* parsed(inputs: Iterable<unknown>): Iterable<SwitchEvent> {
  for (const input of inputs) {
    const result = parseSwitchEvent(input);
    if (result.ok) yield result.event;
  }
}
