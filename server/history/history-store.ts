/**
 * Where each finished day's calls per interval are kept, so the wall can compare today with the
 * same weekday last week. In a deployment it is the inspection history (sql-history.ts), which
 * has the day already from the intervals written as they closed; tests use the memory store.
 */
import type { IntervalCounts } from "../../shared/intervals.ts";

export interface HistoryStore {
  saveDay(dayStart: number, intervals: IntervalCounts[]): Promise<void>;
  /** Null when nothing was kept for that day. */
  loadDay(dayStart: number): Promise<IntervalCounts[] | null>;
  /** Idempotent. */
  close(): Promise<void>;
}

/** The embedded store: one process, nothing survives a restart. Bounded to the last 60 days. */
export class MemoryHistory implements HistoryStore {
  static readonly MAX_DAYS = 60;
  #days = new Map<number, IntervalCounts[]>();

  async saveDay(dayStart: number, intervals: IntervalCounts[]): Promise<void> {
    this.#days.delete(dayStart);
    this.#days.set(dayStart, structuredClone(intervals));
    while (this.#days.size > MemoryHistory.MAX_DAYS) {
      const oldest = Math.min(...this.#days.keys());
      this.#days.delete(oldest);
    }
  }

  async loadDay(dayStart: number): Promise<IntervalCounts[] | null> {
    const day = this.#days.get(dayStart);
    return day ? structuredClone(day) : null;
  }

  async close(): Promise<void> {
    this.#days.clear();
  }
}
