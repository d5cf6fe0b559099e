/**
 * The inspection office's history in the database of record (migration 0003): the leader writes
 * the reducer's closed intervals, finished calls and presence spans as they close; a write of a
 * record already kept changes nothing, so a closed interval never changes and writing again after
 * a failure or a restart is safe. Rows older than the retention go once a day (by the records'
 * own time). Also the wall's "same day last week" (HistoryStore), read from the same rows.
 */
import type { Transaction } from "kysely";
import { emptyIntervals, intervalIndex, type IntervalCounts } from "../../shared/intervals.ts";
import type { HistoryRecords } from "../../shared/live-intervals.ts";
import { METRIC_DEFINITIONS_VERSION } from "../../shared/metrics.ts";
import type { Reference } from "../../shared/reference.ts";
import { tehranDayStart } from "../../shared/tehran-time.ts";
import type { RecordWriter } from "../live/live-service.ts";
import type { Database } from "../platform/db.ts";
import { HistoryReads } from "./history-reads.ts";
import type { HistoryStore } from "./history-store.ts";
import { callRow, lineRow, officialRow, presenceRow, type HistoryTables } from "./history-rows.ts";

export type { CallFilter, LineGroup, Range, StoredCall } from "./history-reads.ts";

const DAY_MS = 86_400_000;
/** Rows per INSERT: under SQLite's and PostgreSQL's limits on bound parameters. */
const BATCH = 400;

export interface SqlHistoryOptions {
  /** Where each line's county and agency are found, for call rows. */
  reference: Pick<Reference, "lines">;
  /** @default 400 */
  retentionDays?: number;
}

export class SqlHistory extends HistoryReads implements RecordWriter, HistoryStore {
  readonly #places: Map<string, { county: string | null; agency: string | null }>;
  readonly #retentionDays: number;
  #prunedDay = Number.NaN;

  constructor(database: Database, options: SqlHistoryOptions) {
    super(database);
    this.#places = new Map(
      options.reference.lines.map((l) => [l.id, { county: l.county, agency: l.agency }]),
    );
    this.#retentionDays = options.retentionDays ?? 400;
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
    await this.db.transaction().execute(async (tx) => {
      await insertIgnoring(tx, "history_line_intervals", lines);
      await insertIgnoring(tx, "history_official_intervals", officials);
      await insertIgnoring(tx, "history_calls", calls);
      await insertIgnoring(tx, "history_presence", presence);
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
      this.db.deleteFrom("history_line_intervals").where("start", "<", before).executeTakeFirst(),
      this.db
        .deleteFrom("history_official_intervals")
        .where("start", "<", before)
        .executeTakeFirst(),
      this.db.deleteFrom("history_calls").where("ended_at", "<", before).executeTakeFirst(),
      this.db.deleteFrom("history_presence").where("to_at", "<", before).executeTakeFirst(),
    ]);
    return results.reduce((sum, r) => sum + Number(r.numDeletedRows), 0);
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

/** Inserts in batches; a row whose key is already there is left as it is. */
async function insertIgnoring<T extends keyof HistoryTables>(
  tx: Transaction<HistoryTables>,
  table: T,
  rows: readonly HistoryTables[T][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx
      .insertInto(table)
      // The row type of a table chosen by a type parameter does not narrow to Kysely's insert type.
      .values(rows.slice(i, i + BATCH) as never)
      .onConflict((c) => c.doNothing())
      .execute();
  }
}
