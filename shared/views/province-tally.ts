/**
 * The province's figures kept by difference: each line's counters and waiting callers as last
 * seen, each official's place in the officials' counts, who is a member of which line, and the
 * intervals' sums. A flush updates only what changed and sums nothing else.
 */
import { emptyCounters } from "../call-counters.ts";
import {
  emptyIntervals,
  INTERVAL_MS,
  intervalIndex,
  intervalView,
  type IntervalCounts,
  type IntervalView,
} from "../intervals.ts";
import type { LineCounters, LineLive, LiveState, OfficialLive } from "../live-types.ts";
import { callFigures } from "../metrics.ts";
import type { Figures, OfficialCounts } from "../view-types.ts";
import { oldestJoin, waitedSec, type Memberships, type ScheduledByLine } from "./compute.ts";

/** Where an official counts in the province's officials: see countOfficials (compute.ts). */
type Place = "none" | "unknown" | "on-call" | "paused" | "available" | "logged-in";

const COUNTER_KEYS = Object.keys(emptyCounters()) as (keyof LineCounters)[];

export class ProvinceTally {
  readonly #state: LiveState;
  dayStart = Number.NaN;
  #linePos = new Map<string, number>();
  #membersOf = new Map<string, Set<string>>();
  #linesOf = new Map<string, Set<string>>();
  #counters = new Map<string, LineCounters>();
  #sum = emptyCounters();
  /** A non-integer changed: sums by difference would not be exact, so sum again. */
  #inexact = false;
  #waitingOf = new Map<string, number>();
  #waiting = 0;
  /** Lines with callers waiting, with when the longest-waiting of them joined. */
  readonly waitingLines = new Map<string, number>();
  #places = new Map<string, Place>();
  #placeCounts = new Map<Place, number>();
  #intervalSums: IntervalCounts[] = emptyIntervals();
  #intervalViews: (IntervalView | undefined)[] = [];

  constructor(state: LiveState) {
    this.#state = state;
  }

  /** Everything from the state; `today` is the views' intervals, kept so unchanged ones stay. */
  rebuild(today: readonly IntervalView[]): void {
    const state = this.#state;
    this.dayStart = state.dayStart;
    this.#linePos = new Map([...state.lines.keys()].map((id, i) => [id, i]));
    this.#membersOf.clear();
    this.#linesOf.clear();
    this.#counters.clear();
    this.#waitingOf.clear();
    this.waitingLines.clear();
    this.#sum = emptyCounters();
    this.#waiting = 0;
    for (const line of state.lines.values()) {
      this.refreshMembers(line.id);
      this.noteLine(line);
    }
    this.#places.clear();
    this.#placeCounts.clear();
    for (const official of state.officials.values()) {
      this.noteOfficial(official, this.membershipsOf(official.id));
    }
    this.#intervalSums = emptyIntervals();
    for (const intervals of state.intervals.values()) {
      intervals.forEach((counts, i) => addInterval(this.#intervalSums[i], counts));
    }
    this.#intervalViews = [...today];
  }

  /** Ids in the state's order of lines. */
  inLineOrder(ids: Iterable<string>): string[] {
    const pos = (id: string): number => this.#linePos.get(id) ?? Infinity;
    return [...ids].sort((a, b) => pos(a) - pos(b));
  }

  linesOf(official: string): Iterable<string> {
    return this.#linesOf.get(official) ?? [];
  }

  /** The official's memberships in the state's order of lines, as membershipsOf gives them. */
  membershipsOf(official: string): Memberships {
    const found: Memberships = [];
    for (const id of this.inLineOrder(this.linesOf(official))) {
      const line = this.#state.lines.get(id);
      const member = line?.members.get(official);
      if (line && member) found.push({ line, member });
    }
    return found;
  }

  /** Reads a line's members again; returns the officials who joined or left it. */
  refreshMembers(lineId: string): string[] {
    const line = this.#state.lines.get(lineId);
    const before = this.#membersOf.get(lineId) ?? new Set<string>();
    const now = new Set(line?.members.keys() ?? []);
    const moved: string[] = [];
    for (const id of now) {
      if (before.has(id)) continue;
      moved.push(id);
      let lines = this.#linesOf.get(id);
      if (!lines) this.#linesOf.set(id, (lines = new Set()));
      lines.add(lineId);
    }
    for (const id of before) {
      if (now.has(id)) continue;
      moved.push(id);
      this.#linesOf.get(id)?.delete(lineId);
    }
    this.#membersOf.set(lineId, now);
    return moved;
  }

  /** Takes a line's counters and waiting callers into the province's sums. */
  noteLine(line: LineLive): void {
    const before = this.#counters.get(line.id) ?? emptyCounters();
    const after = { ...line.counters };
    for (const key of COUNTER_KEYS) {
      if (before[key] === after[key]) continue;
      if (!Number.isInteger(before[key]) || !Number.isInteger(after[key])) this.#inexact = true;
      if (key === "longestWaitSec") {
        // Only grows within a day (a new day rebuilds): a shrink means sum again.
        if (after[key] < before[key]) this.#inexact = true;
        else this.#sum[key] = Math.max(this.#sum[key], after[key]);
      } else {
        this.#sum[key] += after[key] - before[key];
      }
    }
    this.#counters.set(line.id, after);
    this.#waiting += line.waiting.size - (this.#waitingOf.get(line.id) ?? 0);
    this.#waitingOf.set(line.id, line.waiting.size);
    if (line.waiting.size > 0) this.waitingLines.set(line.id, oldestJoin(line));
    else this.waitingLines.delete(line.id);
  }

  /** Takes an official's place in the officials' counts. */
  noteOfficial(official: OfficialLive, memberships: Memberships): void {
    const place = placeOf(official, memberships);
    const before = this.#places.get(official.id) ?? "none";
    if (before === place) return;
    this.#placeCounts.set(before, (this.#placeCounts.get(before) ?? 0) - 1);
    this.#placeCounts.set(place, (this.#placeCounts.get(place) ?? 0) + 1);
    this.#places.set(official.id, place);
  }

  figures(now: number, scheduled: ScheduledByLine): Figures {
    if (this.#inexact) this.#sumAgain();
    const figures = callFigures(this.#sum);
    let oldest = Infinity;
    for (const joined of this.waitingLines.values()) oldest = Math.min(oldest, joined);
    const longestWaitSec = waitedSec(oldest, now);
    return {
      ...figures,
      waiting: this.#waiting,
      longestWaitSec,
      longestWaitTodaySec: Math.max(figures.longestWaitTodaySec, longestWaitSec),
      officials: this.#officialCounts(scheduled),
    };
  }

  /** Today's intervals up to `now`, recomputing only the touched ones. */
  intervals(touched: Iterable<number>, now: number): IntervalView[] {
    for (const index of touched) {
      const sum = emptyCounts();
      for (const intervals of this.#state.intervals.values()) addInterval(sum, intervals[index]);
      this.#intervalSums[index] = sum;
      this.#intervalViews[index] = undefined;
    }
    const last = intervalIndex(this.dayStart, now);
    const out: IntervalView[] = [];
    for (let i = 0; i <= last; i += 1) {
      const view = (this.#intervalViews[i] ??= intervalView(
        this.#intervalSums[i] ?? emptyCounts(),
        this.dayStart + i * INTERVAL_MS,
      ));
      out.push(view);
    }
    return out;
  }

  #officialCounts(scheduled: ScheduledByLine): OfficialCounts {
    const count = (place: Place): number => this.#placeCounts.get(place) ?? 0;
    const scheduledNow = new Set<string>();
    for (const [line, officials] of scheduled) {
      if (this.#state.lines.has(line)) for (const id of officials) scheduledNow.add(id);
    }
    return {
      loggedIn: count("on-call") + count("paused") + count("available") + count("logged-in"),
      unknown: count("unknown"),
      available: count("available"),
      onCall: count("on-call"),
      paused: count("paused"),
      scheduled: scheduledNow.size,
    };
  }

  /** The sums in the state's order of lines, as sumCounters adds them. */
  #sumAgain(): void {
    const sum = emptyCounters();
    for (const line of this.#state.lines.values()) {
      const c = this.#counters.get(line.id) ?? line.counters;
      for (const key of COUNTER_KEYS) {
        sum[key] = key === "longestWaitSec" ? Math.max(sum[key], c[key]) : sum[key] + c[key];
      }
    }
    this.#sum = sum;
    this.#inexact = false;
  }
}

function placeOf(official: OfficialLive, memberships: Memberships): Place {
  const known = memberships.filter((m) => m.member.known);
  if (memberships.length === 0) return "none";
  if (known.length === 0) return "unknown";
  if (official.phone === "on-call") return "on-call";
  if (known.every((m) => m.member.paused)) return "paused";
  return official.phone === "available" ? "available" : "logged-in";
}

function emptyCounts(): IntervalCounts {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    timedOut: 0,
    leftUnanswered: 0,
  };
}

function addInterval(into: IntervalCounts | undefined, counts: IntervalCounts | undefined): void {
  if (!into || !counts) return;
  into.offered += counts.offered;
  into.answered += counts.answered;
  into.abandoned += counts.abandoned;
  into.shortAbandoned += counts.shortAbandoned;
  into.timedOut += counts.timedOut;
  into.leftUnanswered += counts.leftUnanswered;
}
