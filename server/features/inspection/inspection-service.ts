/**
 * The inspection office's figures for a period, from the stored history and the timetable: the
 * summary table by official, county, agency or line, the sessions with their attendance, a day's
 * abandoned calls, and a row's 15-minute series and calls. Every row's figures come from the same
 * stored rows, so an export equals the page and a past period is the same whenever it is asked.
 */
import { attendance } from "../../../shared/attendance.ts";
import { emptyCounters } from "../../../shared/call-counters.ts";
import {
  countCalls,
  figuresOf,
  maskCaller,
  type CallRow,
  type Grouping,
  type IntervalRow,
  type OfficialIntervalRow,
  type SessionRow,
  type SummaryRow,
} from "../../../shared/inspection.ts";
import type { OfficialIntervalCounts } from "../../../shared/live-types.ts";
import type { Reference } from "../../../shared/reference.ts";
import type { ScheduledSession } from "../../../shared/schedule.ts";
import type { SqlHistory, StoredCall } from "../../history/sql-history.ts";
import type { SessionsSource } from "../../schedule/sessions-source.ts";
import { groupBy, round, totals, within, type Attended } from "./attended.ts";
import type { Period } from "./inspection-query.ts";
import { tehranClock } from "./tehran-labels.ts";

export interface InspectionDeps {
  history: SqlHistory;
  sessions: SessionsSource;
  reference: Reference;
  /** How far the history has got: the switch's time (sessions after it are open). */
  now: () => number;
}

/** Calls in the detail list, at most. */
export const MAX_CALL_ROWS = 10_000;

export class InspectionService {
  readonly #deps: InspectionDeps;
  readonly #lines: Map<string, Reference["lines"][number]>;

  constructor(deps: InspectionDeps) {
    this.#deps = deps;
    this.#lines = new Map(deps.reference.lines.map((l) => [l.id, l]));
  }

  /** Whether `id` names a row of this grouping. */
  knows(by: Grouping, id: string): boolean {
    const ref = this.#deps.reference;
    const list = {
      official: ref.officials,
      county: ref.counties,
      agency: ref.agencies,
      line: ref.lines,
    }[by];
    return list.some((entry) => entry.id === id);
  }

  async summary(period: Period, by: Grouping): Promise<SummaryRow[]> {
    const attended = await this.#attended(
      await this.#deps.sessions.between(period.from, period.to),
    );
    if (by === "official") return this.#byOfficial(period, attended);
    const sums = await this.#deps.history.sumLines(period, by);
    const ref = this.#deps.reference;
    const entries = by === "line" ? ref.lines : by === "county" ? ref.counties : ref.agencies;
    return entries.map((entry) => {
      const mine = attended.filter((a) => this.#groupOf(a.session.line, by) === entry.id);
      const line = by === "line" ? this.#lines.get(entry.id) : undefined;
      return {
        id: entry.id,
        nameFa: entry.fa,
        nameEn: entry.en,
        county: by === "county" ? entry.id : (line?.county ?? null),
        agency: by === "agency" ? entry.id : (line?.agency ?? null),
        ...figuresOf(sums.get(entry.id) ?? emptyCounters()),
        ...totals(mine),
      };
    });
  }

  async #byOfficial(period: Period, attended: Attended[]): Promise<SummaryRow[]> {
    const own = await this.#deps.history.sumOfficials(period);
    return this.#deps.reference.officials.map((official) => {
      const mine = attended.filter((a) => a.session.official === official.id);
      const counters = countCalls(
        mine.flatMap((a) => a.calls),
        (line) => this.#thresholds(line),
      );
      return {
        id: official.id,
        nameFa: official.fa,
        nameEn: official.en,
        county: official.county,
        agency: official.agency,
        ...figuresOf(counters),
        ...totals(mine),
        ...officialTime(own.get(official.id)),
      };
    });
  }

  async sessions(period: Period): Promise<SessionRow[]> {
    const attended = await this.#attended(
      await this.#deps.sessions.between(period.from, period.to),
    );
    const officials = new Map(this.#deps.reference.officials.map((o) => [o.id, o]));
    return attended.map(({ session, attendance: a }) => {
      const official = officials.get(session.official);
      const line = this.#lines.get(session.line);
      const start = tehranClock(session.start);
      return {
        date: start.date,
        jalaliDate: start.jalaliDate,
        official: session.official,
        officialFa: official?.fa ?? session.official,
        officialEn: official?.en ?? session.official,
        line: session.line,
        county: line?.county ?? null,
        agency: line?.agency ?? null,
        from: start.time.slice(0, 5),
        to: tehranClock(session.end).time.slice(0, 5),
        start: new Date(session.start).toISOString(),
        end: new Date(session.end).toISOString(),
        ...a,
        arrivedAt: a.arrivedAt === null ? null : new Date(a.arrivedAt).toISOString(),
        leftAt: a.leftAt === null ? null : new Date(a.leftAt).toISOString(),
      };
    });
  }

  /** The day's calls that never reached an official: abandoned, timed out, left unanswered. */
  async abandoned(period: Period): Promise<CallRow[]> {
    const calls = await this.#deps.history.calls(period, {
      outcomes: ["abandoned", "timeout", "left"],
      limit: MAX_CALL_ROWS,
    });
    return calls.map((c) => this.#callRow(c));
  }

  /** A row's calls: a line group's (by where they queued), an official's (those answered). */
  async calls(period: Period, by: Grouping, id: string): Promise<CallRow[]> {
    const calls = await this.#deps.history.calls(period, { by, id, limit: MAX_CALL_ROWS });
    return calls.map((c) => this.#callRow(c));
  }

  async intervals(
    period: Period,
    by: Grouping,
    id: string,
  ): Promise<IntervalRow[] | OfficialIntervalRow[]> {
    if (by === "official") {
      const series = await this.#deps.history.officialSeries(period, id);
      return series.map(({ start, counts }) => ({
        ...labels(start),
        ...(officialTime(counts) as Required<ReturnType<typeof officialTime>>),
      }));
    }
    const series = await this.#deps.history.lineSeries(period, by, id);
    return series.map(({ start, counts }) => ({ ...labels(start), ...figuresOf(counts) }));
  }

  #callRow(c: StoredCall): CallRow {
    const joined = tehranClock(c.joinedAt);
    const short = c.outcome === "abandoned" && c.waitSec < this.#thresholds(c.line).shortAbandonSec;
    return {
      date: joined.date,
      jalaliDate: joined.jalaliDate,
      time: joined.time,
      joinedAt: new Date(c.joinedAt).toISOString(),
      answeredAt: c.answeredAt === null ? null : new Date(c.answeredAt).toISOString(),
      endedAt: new Date(c.endedAt).toISOString(),
      line: c.line,
      county: c.county,
      official: c.official,
      outcome: c.outcome,
      short,
      waitSec: c.waitSec,
      talkSec: c.talkSec,
      caller: maskCaller(c.caller),
    };
  }

  #thresholds(line: string) {
    const known = this.#lines.get(line);
    return {
      serviceLevelSec: known?.serviceLevelSec ?? 20,
      shortAbandonSec: known?.shortAbandonSec ?? 5,
    };
  }

  #groupOf(line: string, by: Exclude<Grouping, "official">): string | null {
    if (by === "line") return line;
    return this.#lines.get(line)?.[by] ?? null;
  }

  /** Each session with its attendance and the calls that joined its line during it. */
  async #attended(sessions: ScheduledSession[]): Promise<Attended[]> {
    if (sessions.length === 0) return [];
    const range = {
      from: Math.min(...sessions.map((s) => s.start)),
      to: Math.max(...sessions.map((s) => s.end)),
    };
    const [calls, presence] = await Promise.all([
      this.#deps.history.callsJoined(
        sessions.map((s) => ({ line: s.line, from: s.start, to: s.end })),
      ),
      this.#deps.history.presence([...new Set(sessions.map((s) => s.official))], range),
    ]);
    const callsByLine = groupBy(calls, (c) => c.line);
    const presenceByOfficial = groupBy(presence, (p) => p.official);
    const asOf = this.#deps.now();
    return sessions.map((session) => {
      const mine = within(callsByLine.get(session.line) ?? [], session.start, session.end);
      const spans = (presenceByOfficial.get(session.official) ?? []).filter(
        (p) => p.line === session.line && p.from < session.end && p.to > session.start,
      );
      return {
        session,
        calls: mine,
        attendance: attendance({ session, presence: spans, calls: mine, asOf }),
      };
    });
  }
}

function officialTime(counts: OfficialIntervalCounts | undefined) {
  const c = counts ?? {
    answered: 0,
    talkSec: 0,
    loggedInSec: 0,
    availableSec: 0,
    onCallSec: 0,
    pausedSec: 0,
  };
  return {
    answeredByOfficial: c.answered,
    talkMinutes: round(c.talkSec / 60),
    loggedInMinutes: round(c.loggedInSec / 60),
    availableMinutes: round(c.availableSec / 60),
    onCallMinutes: round(c.onCallSec / 60),
    pausedOnLinesMinutes: round(c.pausedSec / 60),
  };
}

function labels(start: number) {
  const at = tehranClock(start);
  return {
    start: new Date(start).toISOString(),
    date: at.date,
    jalaliDate: at.jalaliDate,
    time: at.time.slice(0, 5),
  };
}
