/**
 * The inspection history on SQLite and PostgreSQL: a simulated week goes in as the leader writes
 * it, and each day's totals read back equal the reducer's day counters at 23:59 (what the wall
 * showed); writing again changes nothing; a restart in the middle of a day (from a checkpoint,
 * records written twice) changes no figure; retention removes old rows; the wall's comparison
 * day reads from the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlHistory } from "../../../server/history/sql-history.ts";
import type { Database } from "../../../server/platform/db.ts";
import { Simulation } from "../../../server/switches/simulator/simulation.ts";
import { stateFromJson, stateToJson } from "../../../shared/checkpoint.ts";
import { parseSwitchEvent, type SwitchEvent } from "../../../shared/events.ts";
import { sumIntervals } from "../../../shared/intervals.ts";
import { closeIntervals, takeOutbox, type HistoryRecords } from "../../../shared/live-intervals.ts";
import { applyEvent, createLiveState } from "../../../shared/live-state.ts";
import type { LineCounters, LiveState } from "../../../shared/live-types.ts";
import type { Reference } from "../../../shared/reference.ts";
import { jalaliTimeToMs, nextTehranDayStart } from "../../../shared/tehran-time.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../support/database.ts";
import { provinceReference } from "../../support/reference.ts";

const START = jalaliTimeToMs("1405/09/14", "00:00") ?? 0;
const DAYS = 7;

interface Week {
  events: SwitchEvent[];
  /** Each day's counters per line as the wall had them at 23:59, by the day's start. */
  dayCounters: Map<number, Map<string, LineCounters>>;
  /** The province's intervals of each day, as the wall's comparison keeps them. */
  dayIntervals: Map<number, ReturnType<typeof sumIntervals>>;
  records: HistoryRecords;
}

let reference: Reference;
let week: Week;

/** Applies events, noting each day's counters just before the first event of the next day. */
function run(state: LiveState, events: readonly SwitchEvent[], week?: Partial<Week>): void {
  for (const event of events) {
    if (event.at >= state.nextDayStart && state.clock.at !== null) note(state, week);
    applyEvent(state, event);
  }
}

function note(state: LiveState, week?: Partial<Week>): void {
  const counters = new Map(
    [...state.lines.values()].map((line) => [line.id, structuredClone(line.counters)]),
  );
  week?.dayCounters?.set(state.dayStart, counters);
  week?.dayIntervals?.set(state.dayStart, sumIntervals(state.intervals.values()));
}

function finish(state: LiveState, week?: Partial<Week>): HistoryRecords {
  note(state, week);
  closeIntervals(state, START + DAYS * 86_400_000);
  return takeOutbox(state);
}

beforeAll(async () => {
  reference = await provinceReference();
  const events = new Simulation({ reference, seed: 7, start: START })
    .advanceTo(START + DAYS * 86_400_000 - 1)
    .flatMap((input) => {
      const parsed = parseSwitchEvent(input);
      return parsed.ok ? [parsed.event] : [];
    });
  const state = createLiveState(reference, START);
  const partial: Partial<Week> = { dayCounters: new Map(), dayIntervals: new Map() };
  run(state, events, partial);
  week = { ...(partial as Week), events, records: finish(state, partial) };
}, 60_000);

function days(): number[] {
  const out: number[] = [];
  for (let day = START; day < START + DAYS * 86_400_000; day = nextTehranDayStart(day)) {
    out.push(day);
  }
  return out;
}

async function expectDaysEqualTheWall(history: SqlHistory): Promise<void> {
  let offered = 0;
  for (const day of days()) {
    const stored = await history.sumLines({ from: day, to: nextTehranDayStart(day) }, "line");
    const wall = week.dayCounters.get(day);
    for (const [line, counters] of wall ?? []) {
      const got = stored.get(line);
      offered += counters.offered;
      if (counters.offered === 0 && counters.lost === 0 && !got) continue;
      for (const key of Object.keys(counters) as (keyof LineCounters)[]) {
        expect(got?.[key] ?? 0, `${new Date(day).toISOString()} ${line} ${key}`).toBeCloseTo(
          counters[key],
          6,
        );
      }
    }
  }
  expect(offered).toBeGreaterThan(1_000);
}

describe.each(DIALECTS)("the history on %s", (dialect) => {
  let data: TestDatabase;
  let database: Database;
  let history: SqlHistory;

  beforeAll(async () => {
    data = testDatabase(dialect);
    database = await data.open();
    history = new SqlHistory(database, { reference });
    await history.write(week.records);
  }, 60_000);
  afterAll(() => data?.destroy());

  it("gives each day's totals as the wall showed them at 23:59", async () => {
    expect(week.records.intervals.length).toBeGreaterThan(500);
    expect(week.records.calls.length).toBeGreaterThan(1_000);
    expect(week.records.presence.length).toBeGreaterThan(100);
    await expectDaysEqualTheWall(history);
  });

  it("keeps a record once however often it is written, and never changes a closed one", async () => {
    const before = await history.sumLines({ from: START, to: START + DAYS * 86_400_000 }, "county");
    await history.write(week.records);
    const changed = structuredClone(week.records);
    for (const record of changed.intervals) {
      if (record.kind === "line") record.counts.offered += 100;
    }
    await history.write(changed);
    expect(
      await history.sumLines({ from: START, to: START + DAYS * 86_400_000 }, "county"),
    ).toEqual(before);
    const calls = await history.calls(
      { from: START, to: START + DAYS * 86_400_000 },
      {
        limit: 100_000,
      },
    );
    expect(calls).toHaveLength(week.records.calls.length);
    const presence = await history.presence(
      [...new Set(week.records.presence.map((p) => p.official))],
      { from: START, to: START + DAYS * 86_400_000 },
    );
    expect(presence).toHaveLength(week.records.presence.length);
  });

  it("reads the wall's comparison day from the same rows", async () => {
    for (const day of days()) {
      const stored = await history.loadDay(day);
      const wall = week.dayIntervals.get(day);
      const any = wall?.some((i) => i.offered > 0);
      if (!any) continue;
      expect(stored, new Date(day).toISOString()).toEqual(wall);
    }
  });

  it("changes no figure when the server restarts in the middle of a day", async () => {
    const again = testDatabase(dialect);
    try {
      const restarted = new SqlHistory(await again.open(), { reference });
      const events = week.events;
      const checkpointAt = Math.floor(events.length * 0.55);
      const runOn = Math.floor(events.length * 0.65);
      // The first instance runs on past its last checkpoint and writes what closed, then stops.
      const first = createLiveState(reference, START);
      run(first, events.slice(0, checkpointAt));
      const checkpoint = JSON.parse(JSON.stringify(stateToJson(first))) as ReturnType<
        typeof stateToJson
      >;
      await restarted.write(takeOutbox(first));
      run(first, events.slice(checkpointAt, runOn));
      await restarted.write(takeOutbox(first));
      // The next start restores the checkpoint, reads the log after it and writes again.
      const second = stateFromJson(checkpoint);
      if (!second) throw new Error("checkpoint unreadable");
      run(second, events.slice(checkpointAt));
      await restarted.write(finish(second));
      await expectDaysEqualTheWall(restarted);
      const range = { from: START, to: START + DAYS * 86_400_000 };
      expect(await restarted.sumLines(range, "line")).toEqual(
        await history.sumLines(range, "line"),
      );
      expect(await restarted.sumOfficials(range)).toEqual(await history.sumOfficials(range));
    } finally {
      await again.destroy();
    }
  }, 60_000);

  it("removes rows older than the retention, once a day as records arrive", async () => {
    const pruned = testDatabase(dialect);
    try {
      const short = new SqlHistory(await pruned.open(), { reference, retentionDays: 3 });
      await short.write(week.records);
      const range = { from: START, to: START + DAYS * 86_400_000 };
      // The retention counts back from the day of the newest record written.
      const newest = Math.max(...week.records.calls.map((c) => c.endedAt));
      const lastDay = days().findLast((day) => day <= newest) ?? 0;
      const kept = await short.lineSeries(range);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.every((row) => row.start >= lastDay - 3 * 86_400_000)).toBe(true);
      const calls = await short.calls(range, { limit: 100_000 });
      expect(calls.every((c) => c.endedAt >= lastDay - 3 * 86_400_000)).toBe(true);
      expect(await short.prune(START + DAYS * 86_400_000)).toBeGreaterThan(0);
      expect(await short.lineSeries(range)).toEqual([]);
    } finally {
      await pruned.destroy();
    }
  });
});
