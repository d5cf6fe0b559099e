/**
 * The shapes clients receive: a full snapshot, and deltas that carry only the fields that changed.
 * In a module of their own so that computing views, diffing them and merging deltas import types
 * from here and never from each other. docs/api.md documents them.
 */
import type { Alert } from "../alerts.ts";
import type { IntervalView } from "../intervals.ts";
import type { CountyView, Figures, LineView, OfficialView, SwitchHealth } from "../view-types.ts";

export interface Intervals {
  minutes: number;
  /** The province's intervals from 00:00 to now. */
  today: IntervalView[];
  /** The same weekday last week, where history exists. */
  lastWeek: IntervalView[] | null;
}

export interface Snapshot {
  seq: number;
  /**
   * Why the figures may not be live (the event log unreachable, the server catching up), or null
   * when they are: a wall greys its figures and says so.
   */
  stale: string | null;
  /** Identifies one run of one aggregator; a new epoch means start over from this snapshot. */
  epoch: string;
  at: string;
  /** The metric-definition version (docs/metrics.md). */
  definitions: string;
  /** ISO time of 00:00 Tehran of the day the counters cover. */
  dayStart: string;
  switch: SwitchHealth;
  lines: LineView[];
  counties: CountyView[];
  officials: OfficialView[];
  province: Figures;
  intervals: Intervals;
  alerts: Alert[];
}

/**
 * The fields of an object that changed. A nested object (a figure's `officials` counts, an
 * official's `session`) carries its own changed fields, unless it was null before or is null now;
 * a list (an official's `lines`) comes whole.
 */
export type FieldPatch<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object | null
      ? FieldPatch<NonNullable<T[K]>> | Extract<T[K], null>
      : T[K];
};

/** The fields of one line, county or official that changed, with its id. An id the client does
 * not hold yet comes with every field. */
export type Patch<T extends { id: string }> = Pick<T, "id"> & FieldPatch<Omit<T, "id">>;

/**
 * What changed since the snapshot or delta with `seq - 1`. `seq`, `epoch` and `at` are always
 * there; every other member is present only when something in it changed.
 */
export interface Delta {
  seq: number;
  epoch: string;
  at: string;
  stale?: string | null;
  dayStart?: string;
  /** Whole, when any of it changed. */
  switch?: SwitchHealth;
  lines?: Patch<LineView>[];
  counties?: Patch<CountyView>[];
  officials?: Patch<OfficialView>[];
  /** The province's figures that changed. */
  province?: FieldPatch<Figures>;
  /** Today's intervals that changed, whole (a new day starts the list again). */
  intervals?: IntervalView[];
  /** Last week's intervals, whole, when they changed (a new day, history loaded). */
  intervalsLastWeek?: IntervalView[] | null;
  /** Every alert that holds now, when the list changed (it is short: sent whole). */
  alerts?: Alert[];
}

/** Every view of the state at `now`, keyed for diffing. */
export interface Views {
  stale: string | null;
  dayStart: string;
  switch: SwitchHealth;
  lines: Map<string, LineView>;
  counties: Map<string, CountyView>;
  officials: Map<string, OfficialView>;
  province: Figures;
  intervals: Intervals;
  alerts: Alert[];
}

export interface SequenceMeta {
  seq: number;
  epoch: string;
  now: number;
}
