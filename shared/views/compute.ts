/**
 * The view of one line, county, official or the province at a time, and every view at once: the
 * reference that the incremental views (live-views.ts) must always equal.
 */
import type { Alert } from "../alerts.ts";
import type { OfficialState } from "../events.ts";
import { intervalViews, sumIntervals, INTERVAL_MINUTES, type IntervalView } from "../intervals.ts";
import type { LineLive, LiveState, Membership, OfficialLive } from "../live-types.ts";
import { membershipsOf } from "../live-officials.ts";
import { callFigures, sumCounters } from "../metrics.ts";
import type { ScheduledSession } from "../schedule.ts";
import type { CountyView, Figures, LineView, OfficialCounts, OfficialView } from "../view-types.ts";
import type { SwitchHealth } from "../view-types.ts";
import type { Views } from "./types.ts";

export type Memberships = { line: LineLive; member: Membership }[];

/** The officials scheduled now, by line. */
export type ScheduledByLine = ReadonlyMap<string, readonly string[]>;

export const iso = (ms: number): string => new Date(ms).toISOString();

export function scheduledByLine(sessionsNow: readonly ScheduledSession[]): ScheduledByLine {
  const byLine = new Map<string, string[]>();
  for (const s of sessionsNow) {
    const list = byLine.get(s.line);
    if (list) list.push(s.official);
    else byLine.set(s.line, [s.official]);
  }
  return byLine;
}

/** When the longest-waiting caller of a line joined; Infinity when nobody waits. */
export function oldestJoin(line: LineLive): number {
  let oldest = Infinity;
  for (const joined of line.waiting.values()) oldest = Math.min(oldest, joined);
  return oldest;
}

/** Seconds waited at `now` by a caller who joined at `joined` (Infinity: nobody waits). */
export function waitedSec(joined: number, now: number): number {
  return joined === Infinity ? 0 : Math.max(0, Math.floor((now - joined) / 1000));
}

/** Seconds the longest-waiting caller of these lines has waited at `now`. */
export function longestWait(lines: Iterable<LineLive>, now: number): number {
  let oldest = Infinity;
  for (const line of lines) oldest = Math.min(oldest, oldestJoin(line));
  return waitedSec(oldest, now);
}

export function officialState(
  state: LiveState,
  official: OfficialLive,
  memberships: Memberships = membershipsOf(state, official.id),
): OfficialState {
  if (memberships.length === 0) return "offline";
  if (memberships.every((m) => !m.member.known)) return "unknown";
  if (official.phone !== "available") return official.phone;
  return memberships.every((m) => m.member.paused) ? "paused" : "available";
}

/** Officials of a set of lines, each counted once however many of the lines they sit on. */
export function countOfficials(
  state: LiveState,
  lines: readonly LineLive[],
  scheduled: ScheduledByLine,
): OfficialCounts {
  const scheduledNow = new Set<string>();
  for (const line of lines) for (const id of scheduled.get(line.id) ?? []) scheduledNow.add(id);
  const counts: OfficialCounts = {
    loggedIn: 0,
    unknown: 0,
    available: 0,
    onCall: 0,
    paused: 0,
    scheduled: scheduledNow.size,
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

export function figuresOf(
  state: LiveState,
  lines: readonly LineLive[],
  now: number,
  scheduled: ScheduledByLine,
): Figures {
  const only = lines.length === 1 ? lines[0] : undefined;
  const figures = callFigures(only ? only.counters : sumCounters(lines.map((l) => l.counters)));
  const longestWaitSec = longestWait(lines, now);
  let waiting = 0;
  for (const line of lines) waiting += line.waiting.size;
  return {
    ...figures,
    waiting,
    longestWaitSec,
    longestWaitTodaySec: Math.max(figures.longestWaitTodaySec, longestWaitSec),
    officials: countOfficials(state, lines, scheduled),
  };
}

export function lineView(
  state: LiveState,
  line: LineLive,
  now: number,
  scheduled: ScheduledByLine,
): LineView {
  return {
    id: line.id,
    county: line.county,
    agency: line.agency,
    known: line.known,
    ...figuresOf(state, [line], now, scheduled),
  };
}

export function officialView(
  state: LiveState,
  official: OfficialLive,
  session: ScheduledSession | undefined,
  memberships: Memberships = membershipsOf(state, official.id),
): OfficialView {
  const stateNow = officialState(state, official, memberships);
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

export function switchHealth(state: LiveState): SwitchHealth {
  return {
    connected: state.switchConnected,
    detail: state.switchDetail,
    lastEventAt: state.lastEventAt === null ? null : iso(state.lastEventAt),
  };
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

/** Every view, computed from scratch: linear in lines × officials. */
export function computeViews(
  state: LiveState,
  countyIds: readonly string[],
  now: number,
  context: ViewContext = NO_CONTEXT,
): Views {
  const scheduled = scheduledByLine(context.sessionsNow);
  const allLines = [...state.lines.values()];
  const lines = new Map(allLines.map((line) => [line.id, lineView(state, line, now, scheduled)]));
  const byCounty = new Map<string, LineLive[]>(countyIds.map((id) => [id, []]));
  for (const line of allLines) if (line.county) byCounty.get(line.county)?.push(line);
  const counties = new Map<string, CountyView>();
  for (const [id, countyLines] of byCounty) {
    counties.set(id, { id, ...figuresOf(state, countyLines, now, scheduled) });
  }
  const sessionOf = new Map(context.sessionsNow.map((s) => [s.official, s]));
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
    province: figuresOf(state, allLines, now, scheduled),
    intervals: {
      minutes: INTERVAL_MINUTES,
      today: intervalViews(sumIntervals(state.intervals.values()), state.dayStart, now),
      lastWeek: context.lastWeek,
    },
    alerts: context.alerts,
  };
}
