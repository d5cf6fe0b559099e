/** One contract, every event log: memory and Redis Streams on a real Redis. */
import { afterEach, describe, expect, it } from "vitest";
import type { EventLog, LogEntry } from "../../../server/events/event-log.ts";
import { MAX_MESSAGE_BYTES } from "../../../server/events/event-log.ts";
import { MemoryLog } from "../../../server/events/memory-log.ts";
import { RedisStreamLog } from "../../../server/events/redis-stream-log.ts";
import { SqlLog } from "../../../server/events/sql-log.ts";
import { DIALECTS, testDatabase } from "../../support/database.ts";
import { silentLogger } from "../../../server/log.ts";
import { waitFor } from "../../support/app.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "../../support/redis.ts";

interface Made {
  log: EventLog;
  /** A second handle on the same log, as another server instance would hold. */
  reopen(): Promise<EventLog>;
  cleanup(): Promise<void>;
}

const logs: [string, () => Promise<Made>][] = [
  [
    "memory",
    async () => {
      const log = new MemoryLog();
      return { log, reopen: async () => log, cleanup: async () => undefined };
    },
  ],
  [
    "redis",
    async () => {
      const prefix = testPrefix();
      const open = () => RedisStreamLog.connect({ url: REDIS_URL, prefix, log: silentLogger() });
      return { log: await open(), reopen: open, cleanup: () => deleteKeys(prefix) };
    },
  ],
  ...DIALECTS.map((dialect): [string, () => Promise<Made>] => [
    `sql (${dialect})`,
    async () => {
      const records = testDatabase(dialect);
      // Each handle its own connection, as another server process would have.
      const open = async () => new SqlLog(await records.open(), { pollMs: 50 });
      return { log: await open(), reopen: open, cleanup: () => records.destroy() };
    },
  ]),
];

const messages = (from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => JSON.stringify({ i: from + i }));

describe.each(logs)("%s event log", (_name, make) => {
  const opened: Made[] = [];
  const extra: EventLog[] = [];
  const setup = async (): Promise<Made> => {
    const made = await make();
    opened.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(extra.splice(0).map((log) => log.close()));
    for (const made of opened.splice(0)) {
      await made.log.close();
      await made.cleanup();
    }
  });

  it("appends in order and returns ordered ids that read from any point", async () => {
    const { log } = await setup();
    const ids = await log.append(messages(0, 300));
    expect(ids).toHaveLength(300);
    const all = await log.read(null, 1000);
    expect(all.map((e) => e.message)).toEqual(messages(0, 300));
    expect(all.map((e) => e.id)).toEqual(ids);
    const after = await log.read(ids[99]!, 50);
    expect(after.map((e) => e.message)).toEqual(messages(100, 50));
    expect(await log.read(ids[299]!, 10)).toEqual([]);
  });

  it("stamps each entry with the log's own time", async () => {
    const { log } = await setup();
    const before = Date.now();
    await log.append(["{}"]);
    const [entry] = await log.read(null, 1);
    expect(entry!.appendedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(entry!.appendedAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("follows from a checkpoint: what is there, then what comes, to every follower", async () => {
    const { log, reopen } = await setup();
    const ids = await log.append(messages(0, 10));
    const other = await reopen();
    if (other !== log) extra.push(other);
    const first: LogEntry[] = [];
    const second: LogEntry[] = [];
    const a = log.follow(ids[4]!, (entries) => first.push(...entries));
    const b = other.follow(null, (entries) => second.push(...entries));
    await log.append(messages(10, 5));
    await waitFor(() => first.length === 10 && second.length === 15);
    expect(first.map((e) => e.message)).toEqual(messages(5, 10));
    expect(second.map((e) => e.message)).toEqual(messages(0, 15));
    await a.close();
    await a.close();
    await log.append(messages(15, 1));
    await waitFor(() => second.length === 16);
    expect(first).toHaveLength(10);
    await b.close();
  });

  it("keeps Persian text and the zero-width non-joiner byte for byte", async () => {
    const { log } = await setup();
    const text = JSON.stringify({ name: "پاسخ‌گوی سبزوار", reason: "ناهار" });
    await log.append([text]);
    expect((await log.read(null, 1))[0]?.message).toBe(text);
  });

  it("refuses a message over the size limit, and appends nothing of its batch", async () => {
    const { log } = await setup();
    const big = "x".repeat(MAX_MESSAGE_BYTES + 1);
    await expect(log.append(["{}", big])).rejects.toThrow(/bytes/);
    expect(await log.read(null, 10)).toEqual([]);
  });

  it("reports itself connected until closed, and closes twice without harm", async () => {
    const { log } = await setup();
    expect(log.isConnected()).toBe(true);
    await log.close();
    await log.close();
    expect(log.isConnected()).toBe(false);
  });
});

describe("memory event log retention", () => {
  it("drops entries older than the retention, and reads on from the oldest kept", async () => {
    let now = 0;
    const log = new MemoryLog({ clock: () => now, retentionMs: 1000 });
    await log.append(messages(0, 3));
    now = 2000;
    await log.append(messages(3, 2));
    expect((await log.read(null, 10)).map((e) => e.message)).toEqual(messages(3, 2));
    expect((await log.read("1", 10)).map((e) => e.message)).toEqual(messages(3, 2));
  });
});
