/**
 * The memory store of finished days (tests' stand-in for the wall's comparison); the database's
 * history, which a deployment uses, has its own contract in sql-history.contract.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryHistory, type HistoryStore } from "../../../server/history/history-store.ts";
import { emptyIntervals } from "../../../shared/intervals.ts";

const DAY = Date.parse("2026-11-28T20:30:00Z");

const stores: [string, () => Promise<HistoryStore>][] = [
  ["memory", async () => new MemoryHistory()],
];

describe.each(stores)("%s history", (_name, make) => {
  const open: HistoryStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it("keeps a day's intervals and gives them back", async () => {
    const store = await make();
    open.push(store);
    const intervals = emptyIntervals();
    intervals[40] = {
      offered: 9,
      answered: 5,
      abandoned: 3,
      shortAbandoned: 1,
      timedOut: 1,
      leftUnanswered: 0,
    };
    expect(await store.loadDay(DAY)).toBeNull();
    await store.saveDay(DAY, intervals);
    expect(await store.loadDay(DAY)).toEqual(intervals);
    expect(await store.loadDay(DAY + 86_400_000)).toBeNull();
    await store.close();
    await store.close();
  });
});
