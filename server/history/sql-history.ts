/**
 * The inspection office's history in the database of record (migration 0003): the leader writes
 * the reducer's closed intervals, finished calls and presence spans as they close; a write of a
 * record already kept changes nothing, so a closed interval never changes and writing again after
 * a failure or a restart is safe. Rows older than the retention go once a day (by the records'
 * own time). Also the wall's "same day last week" (HistoryStore), read from the same rows.
 */
import { sql, type AliasedRawBuilder } from "kysely";
import { emptyIntervals, intervalIndex, type IntervalCounts } from "../../shared/intervals.ts";
import type { HistoryRecords } from "../../shared/live-intervals.ts";
import type {
  CallOutcome,
  CallRecord,
  LineCounters,
  OfficialIntervalCounts,
  PresenceRecord,
} from "../../shared/live-types.ts";
import { METRIC_DEFINITIONS_VERSION } from "../../shared/metrics.ts";
import type { Reference } from "../../shared/reference.ts";
import { tehranDayStart } from "../../shared/tehran-time.ts";
import type { RecordWriter } from "../live/live-service.ts";
import type { Database } from "../platform/db.ts";
import type { HistoryStore } from "./history-store.ts";
import {
  callFromRow,
  callRow,
  countersFrom,
  LINE_COLUMNS,
  lineRow,
  OFFICIAL_COLUMNS,
  officialCountsFrom,
  officialRow,
  presenceFromRow,
  presenceRow,
  type HistoryTables,
} from "./history-rows.ts";

const DAY_MS = 86_400_000;
/** Rows per INSERT: under SQLite's and PostgreSQL's limits on bound parameters. */
const BATCH = 400;
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

export interface SqlHistoryOptions {
  /** Where each line's county and agency are found, for call rows. */
  reference: Pick<Reference, "lines">;
  /** @default 400 */
  retentionDays?: number;
}

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

export class SqlHistory implements RecordWriter, HistoryStore {
  readonly #database: Database;
  readonly #places: Map<string, { county: string | null; agency: string | null }>;
  readonly #retentionDays: number;
  #prunedDay = Number.NaN;

  constructor(database: Database, options: SqlHistoryOptions) {
    this.#database = database;
    this.#places = new Map(
      options.reference.lines.map((l) => [l.id, { county: l.county, agency: l.agency }]),
    );
    this.#retentionDays = options.retentionDays ?? 400;
  }

  get #db() {
    return this.#database.db.withTables<HistoryTables>();
  }

  get retentionDays(): number {
    return this.#retentionDays;
  }

  async write(records: HistoryRecords): Promise<void> {
    const v = METRIC_DEFINITIONS_VERSION;
    const lines = records.intervals.flatMap((r) => (r.kind === "line" ? [lineRow(r, v)] : []));
    const officials = records.intervals.flatMap((r) =>
      r.kind === "official" ? [officialRow(r, v)] : [],
    );
    const place = (line: string) => this.#places.get(line) ?? { county: null, agency: null };
    const calls = records.calls.map((r) => callRow(r, place(r.line), v));
    const presence = records.presence.map((r) => presenceRow(r, v));
    await this.#db.transaction().execute(async (tx) => {
      for (let i = 0; i < lines.length; i += BATCH) {
        await tx
          .insertInto("history_line_intervals")
          .values(lines.slice(i, i + BATCH))
          .onConflict((c) => c.doNothing())
          .execute();
      }
      for (let i = 0; i < officials.length; i += BATCH) {
        await tx
          .insertInto("history_official_intervals")
          .values(officials.slice(i, i + BATCH))
          .onConflict((c) => c.doNothing())
          .execute();
      }
      for (let i = 0; i < calls.length; i += BATCH) {
        await tx
          .insertInto("history_calls")
          .values(calls.slice(i, i + BATCH))
          .onConflict((c) => c.doNothing())
          .execute();
      }
      for (let i = 0; i < presence.length; i += BATCH) {
        await tx
          .insertInto("history_presence")
          .values(presence.slice(i, i + BATCH))
          .onConflict((c) => c.doNothing())
          .execute();
      }
    });
    const latest = Math.max(
      ...records.intervals.map((r) => r.start),
      ...records.calls.map((r) => r.endedAt),
    );
    if (Number.isFinite(latest)) await this.#pruneDaily(latest);
  }

  /** Once per Tehran day of the records: drops what is older than the retention. */
  async #pruneDaily(at: number): Promise<void> {
    const day = tehranDayStart(at);
    if (day === this.#prunedDay) return;
    this.#prunedDay = day;
    await this.prune(day - this.#retentionDays * DAY_MS);
  }

  /** Removes every row older than `before`; returns how many went. */
  async prune(before: number): Promise<number> {
    const results = await Promise.all([
      this.#db.deleteFrom("history_line_intervals").where("start", "<", before).executeTakeFirst(),
      this.#db
        .deleteFrom("history_official_intervals")
        .where("start", "<", before)
        .executeTakeFirst(),
      this.#db.deleteFrom("history_calls").where("ended_at", "<", before).executeTakeFirst(),
      this.#db.deleteFrom("history_presence").where("to_at", "<", before).executeTakeFirst(),
    ]);
    return results.reduce((sum, r) => sum + Number(r.numDeletedRows), 0);
  }

  /** The lines' counters summed over the range, one entry per line, county or agency. */
  async sumLines(range: Range, by: LineGroup, id?: string): Promise<Map<string, LineCounters>> {
    const column = GROUP_COLUMN[by];
    let query = this.#db
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
    let query = this.#db
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
    let query = this.#db
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
    const rows = await this.#db
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
    let query = this.#db
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
      const rows = await this.#db
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
    const rows = await this.#db
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
    const row = await this.#db
      .selectFrom("history_line_intervals")
      .select(sql<number>`count(*)`.as("n"))
      .where("start", ">=", range.from)
      .where("start", "<", range.to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The intervals are written as they close: a finished day needs nothing more. */
  async saveDay(): Promise<void> {}

  /** The province's calls per interval of a Tehran day, from the lines' rows; null: none kept. */
  async loadDay(dayStart: number): Promise<IntervalCounts[] | null> {
    const series = await this.lineSeries({ from: dayStart, to: dayStart + DAY_MS });
    if (series.length === 0) return null;
    const day = emptyIntervals();
    for (const { start, counts } of series) {
      const into = day[intervalIndex(dayStart, start)];
      if (!into) continue;
      into.offered += counts.offered;
      into.answered += counts.answered;
      into.abandoned += counts.abandoned;
      into.shortAbandoned += counts.shortAbandoned;
      into.timedOut += counts.timedOut;
      into.leftUnanswered += counts.leftUnanswered;
    }
    return day;
  }

  /** The database is closed with the app, not here. */
  async close(): Promise<void> {}
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
