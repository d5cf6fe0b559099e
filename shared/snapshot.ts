/**
 * What clients see: views of the live state at a given time, as a full snapshot or as a delta of
 * the views that changed since the previous one. The shape is documented in docs/api.md.
 */
import type { Alert } from "./alerts.ts";
import type { OfficialState } from "./events.ts";
import { intervalViews, sumIntervals, INTERVAL_MINUTES, type IntervalView } from "./intervals.ts";
import type { LineLive, LiveState, OfficialLive } from "./live-types.ts";
import { membershipsOf } from "./live-officials.ts";
import type { ScheduledSession } from "./schedule.ts";
import type {
  CountyView,
  Figures,
  LineView,
  OfficialCounts,
  OfficialView,
  SwitchHealth,
} from "./view-types.ts";
export type {
  CountyView,
  Figures,
  LineView,
  OfficialCounts,
  OfficialView,
  SwitchHealth,
} from "./view-types.ts";
import { callFigures, METRIC_DEFINITIONS_VERSION, sumCounters } from "./metrics.ts";

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

export interface Delta {
  seq: number;
  stale: string | null;
  epoch: string;
  at: string;
  dayStart: string;
  switch: SwitchHealth;
  lines: LineView[];
  counties: CountyView[];
  officials: OfficialView[];
  province: Figures;
  /** Today's intervals that changed. */
  intervals: IntervalView[];
  /** Present only when last week's intervals changed (a new day). */
  intervalsLastWeek?: IntervalView[] | null;
  /** Every alert that holds now (the list is short: sent whole). */
  alerts: Alert[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function longestWait(lines: Iterable<LineLive>, now: number): number {
  let oldest = Infinity;
  for (const line of lines)
    for (const joined of line.waiting.values()) oldest = Math.min(oldest, joined);
  return oldest === Infinity ? 0 : Math.max(0, Math.floor((now - oldest) / 1000));
}

export function officialState(state: LiveState, official: OfficialLive): OfficialState {
  const memberships = membershipsOf(state, official.id);
  if (memberships.length === 0) return "offline";
  if (memberships.every((m) => !m.member.known)) return "unknown";
  if (official.phone !== "available") return official.phone;
  return memberships.every((m) => m.member.paused) ? "paused" : "available";
}

/** Officials of a set of lines, each counted once however many of the lines they sit on. */
function countOfficials(
  state: LiveState,
  lines: LineLive[],
  sessionsNow: readonly ScheduledSession[],
): OfficialCounts {
  const ids = new Set(lines.map((line) => line.id));
  const scheduled = new Set(sessionsNow.filter((s) => ids.has(s.line)).map((s) => s.official));
  const counts: OfficialCounts = {
    loggedIn: 0,
    unknown: 0,
    available: 0,
    onCall: 0,
    paused: 0,
    scheduled: scheduled.size,
  };
  const members = new Map<string, boolean>();
  const unknown = new Set<string>();
  for (const line of lines) {
    for (const [id, member] of line.members) {
      if (member.known) members.set(id, (members.get(id) ?? false) || !member.paused);
      else unknown.add(id);
    }
  }
  for (const id of members.keys()) unknown.delete(id);
  counts.unknown = unknown.size;
  for (const [id, unpausedSomewhere] of members) {
    counts.loggedIn += 1;
    const phone = state.officials.get(id)?.phone ?? "available";
    if (phone === "on-call") counts.onCall += 1;
    else if (!unpausedSomewhere) counts.paused += 1;
    else if (phone === "available") counts.available += 1;
  }
  return counts;
}

function figuresOf(
  state: LiveState,
  lines: LineLive[],
  now: number,
  sessionsNow: readonly ScheduledSession[],
): Figures {
  const figures = callFigures(sumCounters(lines.map((line) => line.counters)));
  const longestWaitSec = longestWait(lines, now);
  let waiting = 0;
  for (const line of lines) waiting += line.waiting.size;
  return {
    ...figures,
    waiting,
    longestWaitSec,
    longestWaitTodaySec: Math.max(figures.longestWaitTodaySec, longestWaitSec),
    officials: countOfficials(state, lines, sessionsNow),
  };
}

export function lineView(
  state: LiveState,
  line: LineLive,
  now: number,
  sessionsNow: readonly ScheduledSession[],
): LineView {
  return {
    id: line.id,
    county: line.county,
    agency: line.agency,
    known: line.known,
    ...figuresOf(state, [line], now, sessionsNow),
  };
}

export function officialView(
  state: LiveState,
  official: OfficialLive,
  session: ScheduledSession | undefined,
): OfficialView {
  const memberships = membershipsOf(state, official.id);
  const stateNow = officialState(state, official);
  const pausedSince = Math.max(0, ...memberships.map((m) => m.member.since));
  return {
    id: official.id,
    name: official.name,
    lines: memberships.map((m) => m.line.id),
    state: stateNow,
    stateSince: iso(stateNow === "paused" ? pausedSince : official.phoneSince),
    pausedReason: memberships.find((m) => m.member.paused)?.member.reason ?? null,
    answered: official.answered,
    callLine: official.callLine,
    known: official.known,
    session: session
      ? { line: session.line, from: iso(session.start), to: iso(session.end) }
      : null,
  };
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

/** What the views need besides the live state: the timetable, history and alerts at `now`. */
export interface ViewContext {
  sessionsNow: readonly ScheduledSession[];
  lastWeek: IntervalView[] | null;
  alerts: Alert[];
  /** @default null */
  stale?: string | null;
}

const NO_CONTEXT: ViewContext = { sessionsNow: [], lastWeek: null, alerts: [] };

export function computeViews(
  state: LiveState,
  countyIds: readonly string[],
  now: number,
  context: ViewContext = NO_CONTEXT,
): Views {
  const { sessionsNow } = context;
  const allLines = [...state.lines.values()];
  const lines = new Map(allLines.map((line) => [line.id, lineView(state, line, now, sessionsNow)]));
  const byCounty = new Map<string, LineLive[]>(countyIds.map((id) => [id, []]));
  for (const line of allLines) if (line.county) byCounty.get(line.county)?.push(line);
  const counties = new Map<string, CountyView>();
  for (const [id, countyLines] of byCounty) {
    counties.set(id, { id, ...figuresOf(state, countyLines, now, sessionsNow) });
  }
  const sessionOf = new Map(sessionsNow.map((s) => [s.official, s]));
  const officials = new Map<string, OfficialView>();
  for (const official of state.officials.values()) {
    officials.set(official.id, officialView(state, official, sessionOf.get(official.id)));
  }
  return {
    stale: context.stale ?? null,
    dayStart: iso(state.dayStart),
    switch: switchHealth(state),
    lines,
    counties,
    officials,
    province: figuresOf(state, allLines, now, sessionsNow),
    intervals: {
      minutes: INTERVAL_MINUTES,
      today: intervalViews(sumIntervals(state.intervals.values()), state.dayStart, now),
      lastWeek: context.lastWeek,
    },
    alerts: context.alerts,
  };
}

function switchHealth(state: LiveState): SwitchHealth {
  return {
    connected: state.switchConnected,
    detail: state.switchDetail,
    lastEventAt: state.lastEventAt === null ? null : iso(state.lastEventAt),
  };
}

export interface SequenceMeta {
  seq: number;
  epoch: string;
  now: number;
}

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

function changed<T>(next: Map<string, T>, previous: Map<string, T>): T[] {
  const out: T[] = [];
  for (const [id, view] of next) {
    const before = previous.get(id);
    if (!before || JSON.stringify(before) !== JSON.stringify(view)) out.push(view);
  }
  return out;
}

/**
 * The views that differ from `previous`. Null when nothing a client shows has changed, unless
 * `always` asks for a delta anyway (a keep-alive that moves the clock).
 */
export function toDelta(
  views: Views,
  previous: Views,
  meta: SequenceMeta,
  always = false,
): Delta | null {
  const lines = changed(views.lines, previous.lines);
  const counties = changed(views.counties, previous.counties);
  const officials = changed(views.officials, previous.officials);
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const byStart = (list: IntervalView[]) => new Map(list.map((i) => [i.start, i]));
  const intervals = changed(byStart(views.intervals.today), byStart(previous.intervals.today));
  const lastWeekChanged = !same(views.intervals.lastWeek, previous.intervals.lastWeek);
  const quiet =
    !lines.length &&
    !counties.length &&
    !officials.length &&
    !intervals.length &&
    !lastWeekChanged &&
    same(views.province, previous.province) &&
    same(views.switch, previous.switch) &&
    same(views.alerts, previous.alerts) &&
    views.stale === previous.stale &&
    views.dayStart === previous.dayStart;
  if (quiet && !always) return null;
  return {
    seq: meta.seq,
    stale: views.stale,
    epoch: meta.epoch,
    at: iso(meta.now),
    dayStart: views.dayStart,
    switch: views.switch,
    lines,
    counties,
    officials,
    province: views.province,
    intervals,
    ...(lastWeekChanged ? { intervalsLastWeek: views.intervals.lastWeek } : {}),
    alerts: views.alerts,
  };
}

/** Applies a delta to a snapshot, as a client does. Pure: returns a new snapshot. */
export function applyDelta(snapshot: Snapshot, delta: Delta): Snapshot {
  const merge = <T extends { id: string }>(base: T[], updates: T[]): T[] => {
    const byId = new Map(updates.map((u) => [u.id, u]));
    const merged = base.map((item) => byId.get(item.id) ?? item);
    const known = new Set(base.map((item) => item.id));
    for (const update of updates) if (!known.has(update.id)) merged.push(update);
    return merged;
  };
  return {
    ...snapshot,
    seq: delta.seq,
    stale: delta.stale,
    at: delta.at,
    dayStart: delta.dayStart,
    switch: delta.switch,
    lines: merge(snapshot.lines, delta.lines),
    counties: merge(snapshot.counties, delta.counties),
    officials: merge(snapshot.officials, delta.officials),
    province: delta.province,
    intervals: mergeIntervals(snapshot, delta),
    alerts: delta.alerts,
  };
}

/** Today's intervals after a delta: a new day starts the list again. */
function mergeIntervals(snapshot: Snapshot, delta: Delta): Intervals {
  const sameDay = snapshot.dayStart === delta.dayStart;
  const byStart = new Map(sameDay ? snapshot.intervals.today.map((i) => [i.start, i]) : []);
  for (const interval of delta.intervals) byStart.set(interval.start, interval);
  return {
    minutes: snapshot.intervals.minutes,
    today: [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start)),
    lastWeek:
      delta.intervalsLastWeek === undefined ? snapshot.intervals.lastWeek : delta.intervalsLastWeek,
  };
}
