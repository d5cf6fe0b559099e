/** Finished days in Redis, one key per day under the server's prefix, kept for 90 days. */
import { createClient, type RedisClientType } from "redis";
import { emptyIntervals, INTERVALS_PER_DAY, type IntervalCounts } from "../../shared/intervals.ts";
import type { Logger } from "../log.ts";
import type { HistoryStore } from "./history-store.ts";

const KEEP_SECONDS = 90 * 86_400;

export class RedisHistory implements HistoryStore {
  #client: RedisClientType;
  #prefix: string;
  #closed = false;

  private constructor(client: RedisClientType, prefix: string) {
    this.#client = client;
    this.#prefix = prefix;
  }

  static async connect(options: {
    url: string;
    prefix: string;
    log: Logger;
  }): Promise<RedisHistory> {
    const client: RedisClientType = createClient({ url: options.url });
    client.on("error", (error: Error) => options.log.warn({ err: error.message }, "redis history"));
    await client.connect();
    return new RedisHistory(client, options.prefix);
  }

  #key(dayStart: number): string {
    return `${this.#prefix}history:intervals:${new Date(dayStart).toISOString()}`;
  }

  async saveDay(dayStart: number, intervals: IntervalCounts[]): Promise<void> {
    await this.#client.set(this.#key(dayStart), JSON.stringify(intervals), { EX: KEEP_SECONDS });
  }

  async loadDay(dayStart: number): Promise<IntervalCounts[] | null> {
    const text = await this.#client.get(this.#key(dayStart));
    if (text === null) return null;
    return parseIntervals(text);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#client.isOpen) await this.#client.close();
  }
}

/** A stored day, checked: another version's or a damaged value reads as no history. */
function parseIntervals(text: string): IntervalCounts[] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length !== INTERVALS_PER_DAY) return null;
  const keys = Object.keys(emptyIntervals()[0] ?? {}) as (keyof IntervalCounts)[];
  const ok = raw.every(
    (entry: unknown) =>
      typeof entry === "object" &&
      entry !== null &&
      keys.every((k) => Number.isInteger((entry as Record<string, unknown>)[k])),
  );
  return ok ? (raw as IntervalCounts[]) : null;
}
