/**
 * The views kept up to date incrementally: a flush recomputes the lines, counties and officials
 * that events touched, the lines whose callers' waits grow with the clock, and those whose
 * sessions started or ended, and keeps the province's sums by difference, so its cost grows with
 * what changed and not with the number of lines. Always equal to `computeViews` (compute.ts) of
 * the same state and time; a property test holds it to that.
 */
import { INTERVAL_MINUTES, type IntervalView } from "../intervals.ts";
import type { LineLive, LiveState } from "../live-types.ts";
import type { ScheduledSession } from "../schedule.ts";
import type { CountyView, LineView, OfficialView } from "../view-types.ts";
import {
  computeViews,
  figuresOf,
  iso,
  lineView,
  officialView,
  scheduledByLine,
  switchHealth,
  waitedSec,
  type ScheduledByLine,
  type ViewContext,
} from "./compute.ts";
import { changedIntervals, fieldChanges, patchOf, sameValue, type ViewChanges } from "./delta.ts";
import { ProvinceTally } from "./province-tally.ts";
import { emptyTouched, mergeTouched, type Touched } from "./touched.ts";
import type { Views } from "./types.ts";

const sessionKey = (s: ScheduledSession): string => `${s.official}\u0000${s.line}\u0000${s.start}`;

export class LiveViews {
  readonly #state: LiveState;
  readonly #countyIds: readonly string[];
  #views: Views;
  #pending: Touched = emptyTouched();
  #countyLines = new Map<string, LineLive[]>();
  #sessions = new Map<string, ScheduledSession>();
  #tally: ProvinceTally;

  constructor(state: LiveState, countyIds: readonly string[], now: number, context: ViewContext) {
    this.#state = state;
    this.#countyIds = countyIds;
    this.#tally = new ProvinceTally(state);
    this.#views = this.#rebuild(now, context);
  }

  /** The views as of the last update. */
  get views(): Views {
    return this.#views;
  }

  /**
   * The lines that can raise an alert (callers waiting, or a session on now), in the state's
   * order, and the counties with callers waiting, in the reference's order.
   */
  alertCandidates(sessionsNow: readonly ScheduledSession[]): {
    lines: LineView[];
    counties: CountyView[];
  } {
    const ids = new Set(this.#tally.waitingLines.keys());
    for (const s of sessionsNow) ids.add(s.line);
    const lines = this.#tally.inLineOrder(ids).flatMap((id) => this.#views.lines.get(id) ?? []);
    const waiting = new Set(lines.filter((l) => l.waiting > 0).map((l) => l.county));
    const counties = this.#countyIds
      .filter((id) => waiting.has(id))
      .flatMap((id) => this.#views.counties.get(id) ?? []);
    return { lines, counties };
  }

  touch(touched: Touched): void {
    mergeTouched(this.#pending, touched);
  }

  /** Brings the views to `now` and says what changed since the last update. */
  update(now: number, context: ViewContext): ViewChanges {
    const previous = this.#views;
    const touched = this.#pending;
    this.#pending = emptyTouched();
    const grown =
      this.#state.lines.size !== previous.lines.size ||
      this.#state.officials.size !== previous.officials.size;
    if (touched.all || grown || this.#state.dayStart !== this.#tally.dayStart) {
      this.#views = this.#rebuild(now, context);
      return fullChanges(this.#views, previous);
    }
    const scheduled = scheduledByLine(context.sessionsNow);
    this.#sessionChanges(context.sessionsNow, touched);
    for (const id of touched.officials) {
      for (const line of this.#tally.linesOf(id)) touched.lines.add(line);
    }
    for (const id of touched.lines) {
      for (const official of this.#tally.refreshMembers(id)) touched.officials.add(official);
    }
    // Lines with callers waiting and nothing else new: only their waits moved with the clock.
    const waits = new Map<string, LineView>();
    for (const [id, joined] of this.#tally.waitingLines) {
      if (touched.lines.has(id)) continue;
      const view = this.#views.lines.get(id);
      const wait = waitedSec(joined, now);
      if (!view || wait < view.longestWaitSec) touched.lines.add(id);
      else if (wait > view.longestWaitSec) waits.set(id, withWait(view, wait));
    }
    const lines = this.#updateLines(touched.lines, now, scheduled);
    for (const [id, view] of waits) {
      lines.push({
        id,
        longestWaitSec: view.longestWaitSec,
        longestWaitTodaySec: view.longestWaitTodaySec,
      });
      this.#views.lines.set(id, view);
    }
    const officials = this.#updateOfficials(touched.officials, context.sessionsNow);
    const counties = this.#updateCounties(touched.lines, now, scheduled);
    counties.push(...this.#updateCountyWaits(waits.keys(), touched.lines, now, scheduled));
    const province = this.#tally.figures(now, scheduled);
    const intervals = this.#tally.intervals(touched.intervals, now);
    this.#views = {
      ...previous,
      stale: context.stale ?? null,
      dayStart: iso(this.#state.dayStart),
      switch: switchHealth(this.#state),
      province,
      intervals: { minutes: INTERVAL_MINUTES, today: intervals, lastWeek: context.lastWeek },
      alerts: context.alerts,
    };
    return {
      lines,
      counties,
      officials,
      province: fieldChanges(previous.province, province),
      intervals: changedToday(intervals, previous.intervals.today),
    };
  }

  #rebuild(now: number, context: ViewContext): Views {
    const views = computeViews(this.#state, this.#countyIds, now, context);
    this.#countyLines = new Map(this.#countyIds.map((id) => [id, []]));
    for (const line of this.#state.lines.values()) {
      if (line.county) this.#countyLines.get(line.county)?.push(line);
    }
    this.#sessions = new Map(context.sessionsNow.map((s) => [sessionKey(s), s]));
    this.#tally.rebuild(views.intervals.today);
    return views;
  }

  /** Marks the lines and officials of sessions that started or ended since the last update. */
  #sessionChanges(sessionsNow: readonly ScheduledSession[], touched: Touched): void {
    const next = new Map(sessionsNow.map((s) => [sessionKey(s), s]));
    const mark = (s: ScheduledSession): void => {
      touched.lines.add(s.line);
      touched.officials.add(s.official);
    };
    for (const [key, s] of next) if (!this.#sessions.has(key)) mark(s);
    for (const [key, s] of this.#sessions) if (!next.has(key)) mark(s);
    this.#sessions = next;
  }

  #updateLines(ids: Set<string>, now: number, scheduled: ScheduledByLine) {
    const changes: ViewChanges["lines"] = [];
    for (const id of ids) {
      const line = this.#state.lines.get(id);
      if (!line) continue;
      const view = lineView(this.#state, line, now, scheduled);
      this.#tally.noteLine(line);
      const patch = patchOf(this.#views.lines.get(id), view);
      if (patch) changes.push(patch);
      this.#views.lines.set(id, view);
    }
    return changes;
  }

  #updateOfficials(ids: Set<string>, sessionsNow: readonly ScheduledSession[]) {
    const changes: ViewChanges["officials"] = [];
    const sessionOf = new Map(sessionsNow.map((s) => [s.official, s]));
    for (const id of ids) {
      const official = this.#state.officials.get(id);
      if (!official) continue;
      const memberships = this.#tally.membershipsOf(id);
      const view: OfficialView = officialView(
        this.#state,
        official,
        sessionOf.get(id),
        memberships,
      );
      this.#tally.noteOfficial(official, memberships);
      const patch = patchOf(this.#views.officials.get(id), view);
      if (patch) changes.push(patch);
      this.#views.officials.set(id, view);
    }
    return changes;
  }

  /**
   * Counties none of whose lines was recomputed whole but some of whose waits moved: the
   * county's longest wait is the longest of its lines'.
   */
  #updateCountyWaits(
    lineIds: Iterable<string>,
    recomputed: Set<string>,
    now: number,
    scheduled: ScheduledByLine,
  ) {
    const counties = new Set<string>();
    for (const id of lineIds) {
      const county = this.#state.lines.get(id)?.county;
      if (county && this.#countyLines.has(county)) counties.add(county);
    }
    for (const id of recomputed) counties.delete(this.#state.lines.get(id)?.county ?? "");
    const changes: ViewChanges["counties"] = [];
    const whole = new Set<string>();
    for (const id of counties) {
      const view = this.#views.counties.get(id);
      let wait = 0;
      for (const line of this.#countyLines.get(id) ?? []) {
        wait = Math.max(wait, this.#views.lines.get(line.id)?.longestWaitSec ?? 0);
      }
      if (!view || wait < view.longestWaitSec) whole.add(id);
      else if (wait > view.longestWaitSec) {
        const next = withWait(view, wait);
        this.#views.counties.set(id, next);
        changes.push({ id, longestWaitSec: wait, longestWaitTodaySec: next.longestWaitTodaySec });
      }
    }
    return [...changes, ...this.#recomputeCounties(whole, now, scheduled)];
  }

  #updateCounties(lineIds: Set<string>, now: number, scheduled: ScheduledByLine) {
    const counties = new Set<string>();
    for (const id of lineIds) {
      const county = this.#state.lines.get(id)?.county;
      if (county && this.#countyLines.has(county)) counties.add(county);
    }
    return this.#recomputeCounties(counties, now, scheduled);
  }

  #recomputeCounties(counties: Set<string>, now: number, scheduled: ScheduledByLine) {
    const changes: ViewChanges["counties"] = [];
    for (const id of counties) {
      const lines = this.#countyLines.get(id) ?? [];
      const view: CountyView = { id, ...figuresOf(this.#state, lines, now, scheduled) };
      const patch = patchOf(this.#views.counties.get(id), view);
      if (patch) changes.push(patch);
      this.#views.counties.set(id, view);
    }
    return changes;
  }
}

/** A view whose only change is a longer current wait. */
function withWait<T extends LineView | CountyView>(view: T, wait: number): T {
  return {
    ...view,
    longestWaitSec: wait,
    longestWaitTodaySec: Math.max(view.longestWaitTodaySec, wait),
  };
}

function changedToday(next: IntervalView[], previous: IntervalView[]): IntervalView[] {
  // The lists share every interval object that was not recomputed.
  return next.filter(
    (interval, i) => previous[i] !== interval && !sameValue(previous[i], interval),
  );
}

function fullChanges(views: Views, previous: Views): ViewChanges {
  const all = <T extends { id: string }>(next: Map<string, T>, before: Map<string, T>) =>
    [...next.values()].flatMap((view) => patchOf(before.get(view.id), view) ?? []);
  return {
    lines: all(views.lines, previous.lines),
    counties: all(views.counties, previous.counties),
    officials: all(views.officials, previous.officials),
    province: fieldChanges(previous.province, views.province),
    intervals: changedIntervals(views.intervals.today, previous.intervals.today),
  };
}
