import { describe, expect, it } from "vitest";
import { MemoryHistory } from "../../../../server/history/history-store.ts";
import { backfillHistory } from "../../../../server/switches/simulator/backfill.ts";
import { jalaliTimeToMs, tehranDayStart } from "../../../../shared/tehran-time.ts";
import { provinceReference } from "../../../support/reference.ts";

describe("simulated history", () => {
  it("fills the week before the start, working days with calls, and leaves kept days alone", async () => {
    const reference = await provinceReference();
    const history = new MemoryHistory();
    const start = jalaliTimeToMs("1405/09/14", "09:00") ?? 0; // a Saturday
    const today = tehranDayStart(start);
    const lastSaturday = today - 7 * 86_400_000;
    const kept = (await import("../../../../shared/intervals.ts")).emptyIntervals();
    await history.saveDay(today - 86_400_000, kept);
    const filled = await backfillHistory({ reference, seed: 3, start, days: 7, history });
    expect(filled).toBe(6);
    const saturday = await history.loadDay(lastSaturday);
    const offered = saturday?.reduce((n, i) => n + i.offered, 0) ?? 0;
    expect(offered).toBeGreaterThan(100);
    // Nothing before the early callers of 08:00 sessions, nothing after 14:00.
    expect(saturday?.slice(0, 31).every((i) => i.offered === 0)).toBe(true);
    expect(saturday?.slice(56).every((i) => i.offered === 0)).toBe(true);
    const thursday = await history.loadDay(today - 2 * 86_400_000);
    expect(thursday?.every((i) => i.offered === 0)).toBe(true);
    expect(await history.loadDay(today - 86_400_000)).toEqual(kept);
  });
});
