/**
 * The Redis event log end to end (append a batch, follow until every entry is delivered).
 * Baseline: the same messages through a bare node-redis pipeline of XADD, read back by a bare
 * XREAD loop, on the same Redis.
 */
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { RedisStreamLog } from "../server/events/redis-stream-log.ts";
import { silentLogger } from "../server/log.ts";
import { round, timeAsync } from "./measure.ts";

const URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

function received(count: number, counter: { n: number }): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (counter.n >= count) resolve();
      else setImmediate(check);
    };
    check();
  });
}

async function bareXadd(messages: string[]): Promise<number> {
  const key = `bench:${randomUUID()}:raw`;
  const client = createClient({ url: URL });
  await client.connect();
  try {
    return await timeAsync(async () => {
      const batch = client.multi();
      for (const message of messages) batch.xAdd(key, "*", { e: message });
      await batch.execAsPipeline();
      let after = "0-0";
      let read = 0;
      while (read < messages.length) {
        const reply = (await client.xRead({ key, id: after }, { COUNT: 1000 })) as
          { messages: { id: string }[] }[] | null;
        const got = reply?.[0]?.messages ?? [];
        read += got.length;
        after = got[got.length - 1]?.id ?? after;
      }
    });
  } finally {
    await client.del(key);
    await client.close();
  }
}

export async function benchEventLog(all: string[]) {
  const messages = all.slice(0, 20_000);
  const baselineMs = await bareXadd(messages);
  const prefix = `bench:${randomUUID()}:`;
  const log = await RedisStreamLog.connect({ url: URL, prefix, log: silentLogger() });
  const count = { n: 0 };
  const follower = log.follow(null, (entries) => {
    count.n += entries.length;
  });
  const logMs = await timeAsync(async () => {
    for (let i = 0; i < messages.length; i += 1000) await log.append(messages.slice(i, i + 1000));
    await received(messages.length, count);
  });
  await follower.close();
  const cleanup = createClient({ url: URL });
  await cleanup.connect();
  await cleanup.del(log.key);
  await cleanup.close();
  await log.close();
  return {
    baseline: "bare node-redis pipelined XADD read back by a bare XREAD loop",
    messages: messages.length,
    baselineMs: round(baselineMs),
    logMs: round(logMs),
    ratio: round(logMs / baselineMs),
    messagesPerSecond: Math.round(messages.length / (logMs / 1000)),
  };
}
