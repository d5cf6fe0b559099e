/** One contract, every history store: the embedded one and Redis, on a real Redis. */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryHistory, type HistoryStore } from "../../../server/history/history-store.ts";
import { RedisHistory } from "../../../server/history/redis-history.ts";
import { silentLogger } from "../../../server/log.ts";
import { emptyIntervals } from "../../../shared/intervals.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "../../support/redis.ts";

const DAY = Date.parse("2026-11-28T20:30:00Z");

/** Prefixes this file stored keys under; each is emptied after its test. */
const prefixes: string[] = [];
afterEach(async () => {
  for (const prefix of prefixes.splice(0)) await deleteKeys(prefix);
});

function redisPrefix(): string {
  const prefix = testPrefix();
  prefixes.push(prefix);
  return prefix;
}

const stores: [string, () => Promise<HistoryStore>][] = [
  ["memory", async () => new MemoryHistory()],
  [
    "redis",
    () => RedisHistory.connect({ url: REDIS_URL, prefix: redisPrefix(), log: silentLogger() }),
  ],
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

describe("redis history", () => {
  it("reads a damaged value as no history instead of failing", async () => {
    const prefix = redisPrefix();
    const store = await RedisHistory.connect({ url: REDIS_URL, prefix, log: silentLogger() });
    try {
      const { createClient } = await import("redis");
      const client = createClient({ url: REDIS_URL });
      await client.connect();
      await client.set(`${prefix}history:intervals:${new Date(DAY).toISOString()}`, "[1,2,3]");
      await client.close();
      expect(await store.loadDay(DAY)).toBeNull();
    } finally {
      await store.close();
    }
  });
});
