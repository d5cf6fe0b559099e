/**
 * The aggregator's hot path. Baseline: JSON.parse of the same messages, the least any consumer of
 * the bus must do. Ratio: decoding + validating + reducing, per message, against that.
 */
import { decodeSwitchEvent } from "../shared/events.ts";
import { applyEvent, createLiveState } from "../shared/live-state.ts";
import type { Reference } from "../shared/reference.ts";
import { computeViews, toSnapshot } from "../shared/snapshot.ts";
import { round, time } from "./measure.ts";

export function benchReducer(reference: Reference, messages: string[], start: number) {
  const baselineMs = time(() => {
    for (const message of messages) JSON.parse(message);
  });
  const reduceMs = time(() => {
    const state = createLiveState(reference, start);
    for (const message of messages) {
      const result = decodeSwitchEvent(message);
      if (result.ok) applyEvent(state, result.event);
    }
  });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const state = createLiveState(reference, start);
  for (const message of messages) {
    const result = decodeSwitchEvent(message);
    if (result.ok) applyEvent(state, result.event);
  }
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    baseline: "JSON.parse of each message",
    baselineMs: round(baselineMs),
    reduceMs: round(reduceMs),
    ratio: round(reduceMs / baselineMs),
    eventsPerSecond: Math.round(messages.length / (reduceMs / 1000)),
    heapGrowthBytesForAWeek: global.gc ? heapAfter - heapBefore : null,
    openCalls: [...state.lines.values()].reduce((n, line) => n + line.waiting.size, 0),
  };
}

/**
 * One flush: every view of the province. Baseline: JSON.stringify of the resulting snapshot,
 * which the gateway pays anyway to send it.
 */
export function benchViews(reference: Reference, messages: string[], start: number) {
  const state = createLiveState(reference, start);
  const counties = reference.counties.map((c) => c.id);
  for (const message of messages.slice(0, Math.floor(messages.length / 3))) {
    const result = decodeSwitchEvent(message);
    if (result.ok) applyEvent(state, result.event);
  }
  const now = state.switchTime;
  const snapshot = toSnapshot(computeViews(state, counties, now), { seq: 1, epoch: "b", now });
  const rounds = 200;
  const baselineMs = time(() => {
    for (let i = 0; i < rounds; i += 1) JSON.stringify(snapshot);
  });
  const viewsMs = time(() => {
    for (let i = 0; i < rounds; i += 1) computeViews(state, counties, now);
  });
  return {
    baseline: "JSON.stringify of the snapshot",
    lines: state.lines.size,
    officials: state.officials.size,
    baselineMsPerFlush: round(baselineMs / rounds, 3),
    viewsMsPerFlush: round(viewsMs / rounds, 3),
    ratio: round(viewsMs / baselineMs),
  };
}
