/**
 * The inspection history's reads: sums over a period per line, county, agency or official, the
 * 15-minute series of one of them, calls, and presence. Every figure is summed from stored rows
 * (ratios are computed from the sums, never averaged), so a past period reads the same every time.
 */
import { sql, type AliasedRawBuilder } from "kysely";
import type {
  CallOutcome,
  CallRecord,
  LineCounters,
  OfficialIntervalCounts,
  PresenceRecord,
} from "../../shared/live-types.ts";
import type { Database } from "../platform/db.ts";
import {
  callFromRow,
  countersFrom,
  LINE_COLUMNS,
  OFFICIAL_COLUMNS,
  officialCountsFrom,
  presenceFromRow,
  type HistoryTables,
} from "./history-rows.ts";

/** Session windows per query of their calls: three bound parameters each. */
const WINDOWS_PER_QUERY = 200;
/** What attendance needs of a call. */
const CALL_FIELDS = [
  "line",
  "call",
  "joined_at",
  "official",
  "answered_at",
  "ended_at",
  "wait_sec",
  "talk_sec",
  "outcome",
] as const;

/** [from, to) in epoch milliseconds. */
export interface Range {
  from: number;
  to: number;
}

/** What a line group is: one line, a county's lines, an agency's lines, or the whole province. */
export type LineGroup = "line" | "county" | "agency";
const GROUP_COLUMN = { line: "line", county: "county", agency: "agency" } as const;

export interface CallFilter {
  by?: LineGroup | "official";
  id?: string;
  outcomes?: readonly CallOutcome[];
  /** @default 10000 */
  limit?: number;
}

export type StoredCall = CallRecord & { county: string | null };

export class HistoryReads {
  protected readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  protected get db() {
    return this.database.db.withTables<HistoryTables>();
  }

  /** The lines' counters summed over the range, one entry per line, county or agency. */
  async sumLines(range: Range, by: LineGroup, id?: string): Promise<Map<string, LineCounters>> {
    const column = GROUP_COLUMN[by];
    let query = this.db
      .selectFrom("history_line_intervals")
      .select(sql.ref<string | null>(column).as("id"))
      .select(lineSums())
      .where("start", ">=", range.from)
      .where("start", "<", range.to)
      .groupBy(column);
    if (id !== undefined) query = query.where(column, "=", id);
    const rows = await query.execute();
    const out = new Map<string, LineCounters>();
    for (const row of rows) if (row.id !== null) out.set(row.id, countersFrom(row));
    return out;
  }

  /** The counters per 15-minute interval of one group (or the province: no `by`), in order. */
  async lineSeries(
    range: Range,
    by?: LineGroup,
    id?: string,
  ): Promise<{ start: number; counts: LineCounters }[]> {
    let query = this.db
      .selectFrom("history_line_intervals")
      .select("start")
      .select(lineSums())
      .where("start", ">=", range.from)
      .where("start", "<", range.to)
      .groupBy("start")
      .orderBy("start");
    if (by && id !== undefined) query = query.where(GROUP_COLUMN[by], "=", id);
    const rows = await query.execute();
    return rows.map((row) => ({ start: Number(row.start), counts: countersFrom(row) }));
  }

  async sumOfficials(range: Range, id?: string): Promise<Map<string, OfficialIntervalCounts>> {
    let query = this.db
      .selectFrom("history_official_intervals")
      .select("official")
      .select(officialSums())
      .where("start", ">=", range.from)
      .where("start", "<", range.to)
      .groupBy("official");
    if (id !== undefined) query = query.where("official", "=", id);
    const rows = await query.execute();
    return new Map(rows.map((row) => [row.official, officialCountsFrom(row)]));
  }

  async officialSeries(
    range: Range,
    id: string,
  ): Promise<{ start: number; counts: OfficialIntervalCounts }[]> {
    const rows = await this.db
      .selectFrom("history_official_intervals")
      .select("start")
      .select(officialSums())
      .where("official", "=", id)
      .where("start", ">=", range.from)
      .where("start", "<", range.to)
      .groupBy("start")
      .orderBy("start")
      .execute();
    return rows.map((row) => ({ start: Number(row.start), counts: officialCountsFrom(row) }));
  }

  /** Calls that ended in the range, oldest first. */
  async calls(range: Range, filter: CallFilter = {}): Promise<StoredCall[]> {
    let query = this.db
      .selectFrom("history_calls")
      .selectAll()
      .where("ended_at", ">=", range.from)
      .where("ended_at", "<", range.to)
      .orderBy("ended_at")
      .orderBy("line")
      .orderBy("call")
      .limit(filter.limit ?? 10_000);
    if (filter.by && filter.id !== undefined) {
      query = query.where(filter.by === "official" ? "official" : filter.by, "=", filter.id);
    }
    if (filter.outcomes) query = query.where("outcome", "in", [...filter.outcomes]);
    return (await query.execute()).map(callFromRow);
  }

  /**
   * Calls that joined a line within one of the windows (attendance's calls of each session),
   * ordered by joining time; only the windows are read, through the (line, joined_at) index.
   */
  async callsJoined(windows: readonly ({ line: string } & Range)[]): Promise<StoredCall[]> {
    const out: StoredCall[] = [];
    // Windows that overlap across two queries would give a call twice.
    const seen = new Set<string>();
    for (let i = 0; i < windows.length; i += WINDOWS_PER_QUERY) {
      const chunk = windows.slice(i, i + WINDOWS_PER_QUERY);
      const rows = await this.db
        .selectFrom("history_calls")
        .select(CALL_FIELDS)
        .where((eb) =>
          eb.or(
            chunk.map((w) =>
              eb.and([
                eb("line", "=", w.line),
                eb("joined_at", ">=", w.from),
                eb("joined_at", "<", w.to),
              ]),
            ),
          ),
        )
        .execute();
      for (const row of rows) {
        const key = `${row.line}\u0000${row.call}\u0000${row.joined_at}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(
          callFromRow({ ...row, caller: null, county: null, agency: null, definitions: "" }),
        );
      }
    }
    return out.sort((a, b) => a.joinedAt - b.joinedAt);
  }

  /** The officials' presence spans that overlap the range. */
  async presence(officials: readonly string[], range: Range): Promise<PresenceRecord[]> {
    if (officials.length === 0) return [];
    const rows = await this.db
      .selectFrom("history_presence")
      .selectAll()
      .where("official", "in", [...officials])
      .where("from_at", "<", range.to)
      .where("to_at", ">", range.from)
      .orderBy("from_at")
      .execute();
    return rows.map(presenceFromRow);
  }

  /** Rows in the range, for the bench's baseline: a plain count over the same table. */
  async countLineRows(range: Range): Promise<number> {
    const row = await this.db
      .selectFrom("history_line_intervals")
      .select(sql<number>`count(*)`.as("n"))
      .where("start", ">=", range.from)
      .where("start", "<", range.to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

/** coalesce(sum(column), 0) as the counter's name; the longest wait is a max. */
function lineSums(): AliasedRawBuilder<number, string>[] {
  return Object.entries(LINE_COLUMNS).map(([key, column]) =>
    key === "longestWaitSec"
      ? sql<number>`coalesce(max(${sql.ref(column)}), 0)`.as(key)
      : sql<number>`coalesce(sum(${sql.ref(column)}), 0)`.as(key),
  );
}

function officialSums(): AliasedRawBuilder<number, string>[] {
  return Object.entries(OFFICIAL_COLUMNS).map(([key, column]) =>
    sql<number>`coalesce(sum(${sql.ref(column)}), 0)`.as(key),
  );
}
