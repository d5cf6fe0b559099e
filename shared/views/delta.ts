/**
 * Deltas that carry only what changed: the fields of each line, county, official and of the
 * province that differ from the previous views, not whole views. `applyDelta` is the one way a
 * client merges a delta; a snapshot plus every delta after it equals the next snapshot.
 */
import type { IntervalView } from "../intervals.ts";
import type { CountyView, Figures, LineView, OfficialView } from "../view-types.ts";
import type {
  Delta,
  FieldPatch,
  Intervals,
  Patch,
  SequenceMeta,
  Snapshot,
  Views,
} from "./types.ts";

/** Structural equality of JSON values (views hold nothing else). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => key in recordB && sameValue(recordA[key], recordB[key]));
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The fields of `after` that differ from `before`, nested objects by their own changed fields;
 * null when none does.
 */
export function fieldChanges<T extends object>(before: T, after: T): FieldPatch<T> | null {
  let out: Record<string, unknown> | null = null;
  const was = before as Record<string, unknown>;
  for (const [key, value] of Object.entries(after)) {
    const old = was[key];
    if (sameValue(old, value)) continue;
    out ??= {};
    out[key] = isRecord(old) && isRecord(value) ? fieldChanges(old, value) : value;
  }
  return out as FieldPatch<T> | null;
}

/** A value with a patch merged in: nested objects field by field, anything else replaced. */
function merged<T>(base: T, patch: unknown): T {
  if (!isRecord(base) || !isRecord(patch)) return patch as T;
  const out: Record<string, unknown> = { ...base, ...patch };
  for (const key in patch) {
    const value = patch[key];
    if (isRecord(value) && isRecord(base[key])) out[key] = merged(base[key], value);
  }
  return out as T;
}

/** One entry's patch: every field when the client has not seen it, else the changed ones. */
export function patchOf<T extends { id: string }>(
  before: T | undefined,
  after: T,
): Patch<T> | null {
  // A whole entry is a patch with every field.
  if (!before) return after as unknown as Patch<T>;
  const changes = fieldChanges(before, after);
  return changes ? ({ ...changes, id: after.id } as Patch<T>) : null;
}

function patches<T extends { id: string }>(
  next: ReadonlyMap<string, T>,
  previous: ReadonlyMap<string, T>,
): Patch<T>[] {
  const out: Patch<T>[] = [];
  for (const [id, view] of next) {
    const patch = patchOf(previous.get(id), view);
    if (patch) out.push(patch);
  }
  return out;
}

/** Today's intervals that differ from the previous list's interval of the same start. */
export function changedIntervals(next: IntervalView[], previous: IntervalView[]): IntervalView[] {
  const byStart = new Map(previous.map((i) => [i.start, i]));
  return next.filter((interval) => !sameValue(byStart.get(interval.start), interval));
}

/** What changed in the lines, counties, officials, province and today's intervals. */
export interface ViewChanges {
  lines: Patch<LineView>[];
  counties: Patch<CountyView>[];
  officials: Patch<OfficialView>[];
  province: FieldPatch<Figures> | null;
  intervals: IntervalView[];
}

/** The parts of the views that are compared whole, as of the last delta. */
export type ViewScalars = Pick<
  Views,
  "stale" | "dayStart" | "switch" | "alerts" | "intervals" | "province"
>;

/**
 * The delta from the changes and the whole-compared parts. Null when nothing a client shows
 * changed, unless `always` asks for one anyway (a keep-alive that moves the clock).
 */
export function deltaOf(
  views: Views,
  previous: ViewScalars,
  changes: ViewChanges,
  meta: SequenceMeta,
  always = false,
): Delta | null {
  const delta: Delta = { seq: meta.seq, epoch: meta.epoch, at: new Date(meta.now).toISOString() };
  let changed = false;
  const put = <K extends keyof Delta>(key: K, value: Delta[K], when: boolean): void => {
    if (!when) return;
    delta[key] = value;
    changed = true;
  };
  put("stale", views.stale, views.stale !== previous.stale);
  put("dayStart", views.dayStart, views.dayStart !== previous.dayStart);
  put("switch", views.switch, !sameValue(views.switch, previous.switch));
  put("lines", changes.lines, changes.lines.length > 0);
  put("counties", changes.counties, changes.counties.length > 0);
  put("officials", changes.officials, changes.officials.length > 0);
  put("province", changes.province ?? undefined, changes.province !== null);
  put("intervals", changes.intervals, changes.intervals.length > 0);
  const lastWeek = views.intervals.lastWeek;
  put("intervalsLastWeek", lastWeek, !sameValue(lastWeek, previous.intervals.lastWeek));
  put("alerts", views.alerts, !sameValue(views.alerts, previous.alerts));
  return changed || always ? delta : null;
}

/** The delta between two sets of views computed whole: every entry compared. */
export function toDelta(
  views: Views,
  previous: Views,
  meta: SequenceMeta,
  always = false,
): Delta | null {
  const changes: ViewChanges = {
    lines: patches(views.lines, previous.lines),
    counties: patches(views.counties, previous.counties),
    officials: patches(views.officials, previous.officials),
    province: fieldChanges(previous.province, views.province),
    intervals: changedIntervals(views.intervals.today, previous.intervals.today),
  };
  return deltaOf(views, previous, changes, meta, always);
}

/** Applies a delta to a snapshot, as a client does. Pure: returns a new snapshot, sharing every
 * list and entry the delta did not touch with the one it was given. */
export function applyDelta(snapshot: Snapshot, delta: Delta): Snapshot {
  return {
    ...snapshot,
    seq: delta.seq,
    at: delta.at,
    stale: delta.stale === undefined ? snapshot.stale : delta.stale,
    dayStart: delta.dayStart ?? snapshot.dayStart,
    switch: delta.switch ?? snapshot.switch,
    lines: mergePatches(snapshot.lines, delta.lines),
    counties: mergePatches(snapshot.counties, delta.counties),
    officials: mergePatches(snapshot.officials, delta.officials),
    province: delta.province ? merged(snapshot.province, delta.province) : snapshot.province,
    intervals: mergeIntervals(snapshot, delta),
    alerts: delta.alerts ?? snapshot.alerts,
  };
}

/**
 * Where each id sits in a list. Lists only grow at the end within an epoch, so a merged list
 * shares its base's index, extended; every lookup is checked against the list itself.
 */
const positions = new WeakMap<readonly { id: string }[], Map<string, number>>();

function indexOf(list: readonly { id: string }[]): Map<string, number> {
  let index = positions.get(list);
  if (!index) {
    index = new Map(list.map((item, i) => [item.id, i]));
    positions.set(list, index);
  }
  return index;
}

function mergePatches<T extends { id: string }>(base: T[], updates: Patch<T>[] | undefined): T[] {
  if (!updates || updates.length === 0) return base;
  let index = indexOf(base);
  const out = base.slice();
  for (const update of updates) {
    let at = index.get(update.id);
    if (at !== undefined && out[at]?.id !== update.id) {
      // Another list merged from the same base moved the shared index on: make our own.
      index = new Map(out.map((item, i) => [item.id, i]));
      at = index.get(update.id);
    }
    if (at === undefined) {
      // A new entry comes with every field (patchOf sends it whole).
      index.set(update.id, out.length);
      out.push(update as T);
    } else {
      out[at] = merged(out[at] as T, update);
    }
  }
  positions.set(out, index);
  return out;
}

/** Today's intervals after a delta: a new day starts the list again. */
function mergeIntervals(snapshot: Snapshot, delta: Delta): Intervals {
  const lastWeek =
    delta.intervalsLastWeek === undefined ? snapshot.intervals.lastWeek : delta.intervalsLastWeek;
  const newDay = delta.dayStart !== undefined && delta.dayStart !== snapshot.dayStart;
  if (!newDay && !delta.intervals?.length && lastWeek === snapshot.intervals.lastWeek) {
    return snapshot.intervals;
  }
  const byStart = new Map(newDay ? [] : snapshot.intervals.today.map((i) => [i.start, i]));
  for (const interval of delta.intervals ?? []) byStart.set(interval.start, interval);
  return {
    minutes: snapshot.intervals.minutes,
    today: [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start)),
    lastWeek,
  };
}
