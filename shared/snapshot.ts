/**
 * What clients see: views of the live state at a given time, as a full snapshot or as a delta of
 * the fields that changed since the previous one. The shapes are in views/types.ts and documented
 * in docs/api.md; views are computed whole in views/compute.ts and incrementally in
 * views/live-views.ts; deltas are made and merged in views/delta.ts.
 */
import { METRIC_DEFINITIONS_VERSION } from "./metrics.ts";
import { iso } from "./views/compute.ts";
import type { SequenceMeta, Snapshot, Views } from "./views/types.ts";

export type {
  CountyView,
  Figures,
  LineView,
  OfficialCounts,
  OfficialView,
  SwitchHealth,
} from "./view-types.ts";
export type { Delta, Intervals, Patch, SequenceMeta, Snapshot, Views } from "./views/types.ts";
export { computeViews, officialState, type ViewContext } from "./views/compute.ts";
export { applyDelta, toDelta } from "./views/delta.ts";

export function toSnapshot(views: Views, meta: SequenceMeta): Snapshot {
  return {
    seq: meta.seq,
    stale: views.stale,
    epoch: meta.epoch,
    at: iso(meta.now),
    definitions: METRIC_DEFINITIONS_VERSION,
    dayStart: views.dayStart,
    switch: views.switch,
    lines: [...views.lines.values()],
    counties: [...views.counties.values()],
    officials: [...views.officials.values()],
    province: views.province,
    intervals: views.intervals,
    alerts: views.alerts,
  };
}
