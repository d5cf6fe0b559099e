/**
 * Inspection: a year of the province's simulated history (a simulated week reduced by the live
 * path, written 52 times a week apart) in the database of record, SQLite and PostgreSQL; then the
 * queries the inspection pages make — a week by official, a month by county, a year of one
 * official's detail (15-minute series and calls) — p50 and p95, each against a plain
 * `SELECT count(*)` over the same period's interval rows. Target: p95 under a second.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { parseSwitchEvent, type SwitchEventInput, type SwitchEvent } from "../../shared/events.ts";
import { closeIntervals, takeOutbox, type HistoryRecords } from "../../shared/live-intervals.ts";
import { reduceEvents } from "../../shared/live-state.ts";
import type { Reference } from "../../shared/reference.ts";
import { InspectionService } from "../../server/features/inspection/inspection-service.ts";
import { SqlHistory } from "../../server/history/sql-history.ts";
import { openDatabase, type Database } from "../../server/platform/db.ts";
import { ReferenceSessions } from "../../server/schedule/sessions-source.ts";
import { measurement, round, samplesAsync, spread, type Measurement } from "../measure.ts";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const WEEKS = 52;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function weekRecords(
  reference: Reference,
  week: SwitchEventInput[],
  start: number,
): HistoryRecords {
  const events = week.flatMap((input): SwitchEvent[] => {
    const parsed = parseSwitchEvent(input);
    return parsed.ok ? [parsed.event] : [];
  });
  const state = reduceEvents(reference, events, start);
  closeIntervals(state, start + WEEK);
  return takeOutbox(state);
}

/** The same week `weeks` weeks earlier. */
function shifted(records: HistoryRecords, weeks: number): HistoryRecords {
  const by = -weeks * WEEK;
  return {
    intervals: records.intervals.map((r) => ({ ...r, start: r.start + by })),
    calls: records.calls.map((r) => ({
      ...r,
      joinedAt: r.joinedAt + by,
      answeredAt: r.answeredAt === null ? null : r.answeredAt + by,
      endedAt: r.endedAt + by,
    })),
    presence: records.presence.map((r) => ({ ...r, from: r.from + by, to: r.to + by })),
  };
}

interface Store {
  dialect: string;
  database: Database;
  cleanup(): Promise<void>;
}

async function sqlite(): Promise<Store> {
  const dir = mkdtempSync(path.join(tmpdir(), "samad-bench-"));
  const database = await openDatabase({ url: null, stateDir: dir });
  return {
    dialect: "sqlite",
    database,
    cleanup: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgres(url: string): Promise<Store> {
  const schema = `samad_bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const database = await openDatabase({ url, stateDir: tmpdir(), schema });
  return {
    dialect: "postgres",
    database,
    cleanup: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}

export async function benchInspection(options: {
  reference: Reference;
  week: SwitchEventInput[];
  start: number;
  postgresUrl: string;
  quick: boolean;
}): Promise<Measurement[]> {
  const { reference, start } = options;
  const records = weekRecords(reference, options.week, start);
  const out: Measurement[] = [];
  for (const make of [sqlite, () => postgres(options.postgresUrl)]) {
    const store = await make();
    try {
      out.push(...(await measureStore(store, reference, records, start, options.quick)));
    } finally {
      await store.cleanup();
    }
  }
  return out;
}

async function measureStore(
  store: Store,
  reference: Reference,
  records: HistoryRecords,
  start: number,
  quick: boolean,
): Promise<Measurement[]> {
  const history = new SqlHistory(store.database, { reference, retentionDays: 400 });
  const loadStarted = performance.now();
  for (let w = WEEKS - 1; w >= 0; w -= 1) await history.write(shifted(records, w));
  const loadSec = (performance.now() - loadStarted) / 1000;
  const yearEnd = start + WEEK;
  const service = new InspectionService({
    history,
    sessions: new ReferenceSessions(reference),
    reference,
    now: () => yearEnd,
  });
  const official = reference.officials.find((o) => o.role === "governor")?.id ?? "";
  const period = (days: number) => ({
    from: yearEnd - days * DAY,
    to: yearEnd,
    fromDate: "",
    toDate: "",
  });
  const repeats = quick ? 5 : 20;
  const queries: [string, number, () => Promise<unknown>][] = [
    ["a week by official", 7, () => service.summary(period(7), "official")],
    ["a month by county", 30, () => service.summary(period(30), "county")],
    [
      "a year of one official (series and calls)",
      364,
      () =>
        Promise.all([
          service.intervals(period(364), "official", official),
          service.calls(period(364), "official", official),
        ]),
    ],
  ];
  const rows = await history.countLineRows(period(364));
  const out: Measurement[] = [
    measurement({
      name: `inspection load a year (${store.dialect})`,
      value: round(loadSec, 1),
      unit: "s",
      baseline: null,
      target: null,
      note: `${WEEKS} weeks; ${rows} line-interval rows, ${records.calls.length * WEEKS} calls, ${records.presence.length * WEEKS} presence spans`,
    }),
  ];
  for (const [what, days, run] of queries) {
    await run();
    const times = await samplesAsync(async () => void (await run()), repeats);
    const baseline = await samplesAsync(
      async () => void (await history.countLineRows(period(days))),
      repeats,
    );
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    const base = percentile(baseline, 50);
    out.push(
      measurement({
        name: `inspection ${what} p50 (${store.dialect})`,
        value: p50,
        unit: "ms",
        baseline: {
          what: "SELECT count(*) over the same period's rows, p50",
          value: round(base, 3),
          unit: "ms",
        },
        target: null,
        spread: spread(times),
      }),
      measurement({
        name: `inspection ${what} p95 (${store.dialect})`,
        value: p95,
        unit: "ms",
        baseline: {
          what: "SELECT count(*) over the same period's rows, p50",
          value: round(base, 3),
          unit: "ms",
        },
        target: "p95 < 1000 ms (the pages answer within a second)",
        met: p95 < 1000,
      }),
    );
  }
  return out;
}
