/**
 * The Redis bus end to end (publish a batch, receive every message). Baseline: the same messages
 * through a bare node-redis pipeline of PUBLISH to a bare subscriber, on the same Redis.
 */
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { RedisBus } from "../server/bus/redis-bus.ts";
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

export async function benchBus(all: string[]) {
  const messages = all.slice(0, 20_000);
  const channel = `bench:${randomUUID()}:raw`;
  const publisher = createClient({ url: URL });
  const subscriber = publisher.duplicate();
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const rawCount = { n: 0 };
  await subscriber.subscribe(channel, () => {
    rawCount.n += 1;
  });
  const baselineMs = await timeAsync(async () => {
    rawCount.n = 0;
    const batch = publisher.multi();
    for (const message of messages) batch.publish(channel, message);
    await batch.execAsPipeline();
    await received(messages.length, rawCount);
  });
  await Promise.all([subscriber.close(), publisher.close()]);

  const bus = await RedisBus.connect({
    url: URL,
    prefix: `bench:${randomUUID()}:`,
    log: silentLogger(),
  });
  const busCount = { n: 0 };
  await bus.subscribe(() => {
    busCount.n += 1;
  });
  const busMs = await timeAsync(async () => {
    busCount.n = 0;
    await bus.publish(messages);
    await received(messages.length, busCount);
  });
  await bus.close();
  return {
    baseline: "bare node-redis pipelined PUBLISH to a bare subscriber",
    messages: messages.length,
    baselineMs: round(baselineMs),
    busMs: round(busMs),
    ratio: round(busMs / baselineMs),
    messagesPerSecond: Math.round(messages.length / (busMs / 1000)),
  };
}
