/**
 * The reducer, the views and the flush. `reducer`: decoding, validating and reducing events,
 * against JSON.parse of the same messages. `flush`: every view computed whole, against
 * JSON.stringify of the snapshot; the incremental flush as the country grows to 31 provinces
 * (~1,700 lines) with the same traffic, against the same flush at one province; and against the
 * flush computed whole at 31 provinces. `replay`: a province-day and 31 province-days through
 * the reducer, in days per minute, against JSON.parse of the same messages.
 */
import { alertThresholdsSchema } from "../../shared/alerts.ts";
import { decodeSwitchEvent, type SwitchEventInput } from "../../shared/events.ts";
import { applyEvent, createLiveState } from "../../shared/live-state.ts";
import type { Reference } from "../../shared/reference.ts";
import { Timetable } from "../../shared/schedule.ts";
import { computeViews, toDelta, toSnapshot } from "../../shared/snapshot.ts";
import { LiveModel } from "../../server/live/live-model.ts";
import { measurement, median, round, samples, spread, type Measurement } from "../measure.ts";
import { cloneEvents, cloneReference, PROVINCES } from "../support/provinces.ts";
import { Traffic } from "../../test/support/traffic.ts";

function reduceAll(reference: Reference, messages: string[], start: number) {
  const state = createLiveState(reference, start);
  for (const message of messages) {
    const result = decodeSwitchEvent(message);
    if (result.ok) applyEvent(state, result.event);
  }
  return state;
}

export function benchReducer(
  reference: Reference,
  messages: string[],
  start: number,
): Measurement[] {
  const parse = samples(() => {
    for (const message of messages) JSON.parse(message);
  });
  const reduce = samples(() => void reduceAll(reference, messages, start));
  const perSecond = (ms: number): number => Math.round(messages.length / (ms / 1000));
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const state = reduceAll(reference, messages, start);
  global.gc?.();
  const grown = process.memoryUsage().heapUsed - before;
  return [
    measurement({
      name: "reducer events/s, a simulated week: decode, validate, reduce",
      note: `${messages.length} events`,
      value: perSecond(median(reduce)),
      unit: "events/s",
      baseline: {
        what: "JSON.parse of the same messages",
        value: perSecond(median(parse)),
        unit: "events/s",
      },
      target: null,
      spread: spread(reduce.map(perSecond)),
    }),
    measurement({
      name: "reducer heap kept after a simulated week",
      value: global.gc ? round(grown / 2 ** 20, 2) : 0,
      unit: "MB",
      baseline: null,
      target: null,
      note: `${state.calls.size} calls open at the end`,
    }),
  ];
}

/** The live model with `provinces` copies of the reference, every official logged in. */
function modelOf(reference: Reference, provinces: number, start: number) {
  const country = cloneReference(reference, provinces);
  const model = new LiveModel({
    reference: country,
    thresholds: alertThresholdsSchema.parse({}),
    epoch: "bench",
    now: start,
  });
  let id = 0;
  const apply = (event: SwitchEventInput): void =>
    void model.apply({
      id: `${(id += 1)}-0`,
      appendedAt: event.at,
      message: JSON.stringify(event),
    });
  for (const event of new Traffic(country, 2).logins(start)) apply(event);
  model.flush(start, true, null);
  return { model, country, apply };
}

/**
 * Milliseconds per flush with `eventsPerFlush` events of each setup's traffic applied between
 * flushes (not timed): the median of a round of flushes, five rounds. The setups take turns round
 * by round, so that a change in the machine's load falls on all of them alike.
 */
function flushTimes(
  setups: { setup: ReturnType<typeof modelOf>; traffic: Traffic }[],
  eventsPerFlush: number,
  start: number,
): number[][] {
  // The flush computed whole takes half a second at 31 provinces: fewer rounds then.
  const flushes = Number(process.env.BENCH_FLUSHES ?? 100);
  const clocks = setups.map(() => start);
  const round = (k: number): number => {
    const { setup, traffic } = setups[k]!;
    const times: number[] = [];
    for (let f = 0; f < flushes; f += 1) {
      for (let i = 0; i < eventsPerFlush; i += 1) {
        setup.apply(traffic.next((clocks[k]! += 250 / eventsPerFlush)));
      }
      const started = performance.now();
      setup.model.flush(clocks[k]!, false, null);
      times.push(performance.now() - started);
    }
    return median(times);
  };
  setups.forEach((_, k) => round(k));
  const out: number[][] = setups.map(() => []);
  for (let r = 0; r < 5; r += 1) setups.forEach((_, k) => out[k]!.push(round(k)));
  return out;
}

/** The old flush: every view computed whole and compared whole, on the same state. */
function wholeFlushTimes(setup: ReturnType<typeof modelOf>, at: number): number[] {
  const counties = setup.country.counties.map((c) => c.id);
  const timetable = new Timetable(setup.country);
  const context = { sessionsNow: timetable.at(at), lastWeek: null, alerts: [] };
  let previous = computeViews(setup.model.state, counties, at, context);
  return samples(() => {
    const views = computeViews(setup.model.state, counties, at, context);
    toDelta(views, previous, { seq: 1, epoch: "b", now: at });
    previous = views;
  }, 7);
}

export function benchFlush(reference: Reference, start: number): Measurement[] {
  const out: Measurement[] = [];
  // One province's worth of traffic (1,000 events a second) while the country grows.
  const sizes = [1, 4, 16, PROVINCES];
  const setups = sizes.map((provinces) => ({
    setup: modelOf(reference, provinces, start),
    traffic: new Traffic(reference, 5),
  }));
  const times = flushTimes(setups, 250, start);
  const perSize = new Map(
    sizes.map((provinces, k) => {
      const { setup } = setups[k]!;
      return [provinces, { times: times[k]!, lines: setup.country.lines.length, setup }] as const;
    }),
  );
  const one = perSize.get(1)!;
  const all = perSize.get(PROVINCES)!;
  const oneMs = spread(one.times);
  const allMs = spread(all.times);
  for (const [provinces, size] of perSize) {
    out.push(
      measurement({
        name: `flush ms, ${provinces} province${provinces > 1 ? "s" : ""} (${size.lines} lines), one province's traffic at 1,000 events/s`,
        value: spread(size.times).median,
        unit: "ms",
        baseline: {
          what: "the same flush at 1 province (55 lines)",
          value: round(oneMs.median, 3),
          unit: "ms",
        },
        target:
          provinces === PROVINCES
            ? "ratio ≤ 2 (grows with the lines that changed, not all lines)"
            : null,
        met: provinces === PROVINCES ? allMs.median <= 2 * oneMs.median : null,
        spread: spread(size.times),
      }),
    );
  }
  const whole = spread(wholeFlushTimes(all.setup, all.setup.model.state.switchTime));
  out.push(
    measurement({
      name: `flush ms, ${PROVINCES} provinces, every view computed and compared whole (before)`,
      value: whole.median,
      unit: "ms",
      baseline: {
        what: "the incremental flush on the same country and traffic",
        value: round(allMs.median, 3),
        unit: "ms",
      },
      target: null,
      spread: whole,
    }),
  );
  // Traffic over the whole country: 1,000 events a second spread over every line.
  const country = modelOf(reference, PROVINCES, start);
  const [busyTimes = []] = flushTimes(
    [{ setup: country, traffic: new Traffic(country.country, 9) }],
    250,
    start,
  );
  const busy = spread(busyTimes);
  out.push(
    measurement({
      name: `flush ms, ${PROVINCES} provinces, 1,000 events/s spread over all their lines`,
      value: busy.median,
      unit: "ms",
      baseline: {
        what: "one province's traffic on the same country",
        value: round(allMs.median, 3),
        unit: "ms",
      },
      target: null,
      spread: busy,
    }),
  );
  return out;
}

/** Every view of the province computed whole once, against JSON.stringify of its snapshot. */
export function benchViews(reference: Reference, messages: string[], start: number): Measurement[] {
  const state = reduceAll(reference, messages.slice(0, Math.floor(messages.length / 3)), start);
  const counties = reference.counties.map((c) => c.id);
  const now = state.switchTime;
  const snapshot = toSnapshot(computeViews(state, counties, now), { seq: 1, epoch: "b", now });
  const rounds = 100;
  const stringify = samples(() => {
    for (let i = 0; i < rounds; i += 1) JSON.stringify(snapshot);
  });
  const views = samples(() => {
    for (let i = 0; i < rounds; i += 1) computeViews(state, counties, now);
  });
  return [
    measurement({
      name: "flush every view of the province computed whole",
      note: `${state.lines.size} lines, ${state.officials.size} officials`,
      value: median(views) / rounds,
      unit: "ms",
      baseline: {
        what: "JSON.stringify of the snapshot",
        value: round(median(stringify) / rounds, 3),
        unit: "ms",
      },
      target: null,
      spread: spread(views.map((v) => v / rounds)),
    }),
  ];
}

export function benchReplay(
  reference: Reference,
  day: SwitchEventInput[],
  start: number,
): Measurement[] {
  const out: Measurement[] = [];
  for (const provinces of [1, PROVINCES]) {
    const country = provinces === 1 ? reference : cloneReference(reference, provinces);
    const messages = (provinces === 1 ? day : cloneEvents(day, provinces)).map((e) =>
      JSON.stringify(e),
    );
    const repeats = provinces === 1 ? 7 : 3;
    const parse = samples(() => {
      for (const message of messages) JSON.parse(message);
    }, repeats);
    const reduce = samples(() => void reduceAll(country, messages, start), repeats);
    const perMinute = (ms: number): number => (provinces * 60_000) / ms;
    out.push(
      measurement({
        name: `replay ${provinces === 1 ? "a province-day" : `${provinces} province-days`} through the reducer`,
        note: `${messages.length} events`,
        value: perMinute(median(reduce)),
        unit: "province-days/min",
        baseline: {
          what: "JSON.parse of the same messages",
          value: round(perMinute(median(parse)), 1),
          unit: "province-days/min",
        },
        target: null,
        spread: spread(reduce.map(perMinute)),
      }),
    );
  }
  return out;
}
