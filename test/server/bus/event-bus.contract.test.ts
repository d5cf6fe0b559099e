/** One contract, every bus: the embedded one and Redis pub/sub on a real Redis. */
import { afterEach, describe, expect, it } from "vitest";
import type { EventBus } from "../../../server/bus/event-bus.ts";
import { MemoryBus } from "../../../server/bus/memory-bus.ts";
import { RedisBus } from "../../../server/bus/redis-bus.ts";
import { silentLogger } from "../../../server/log.ts";
import { REDIS_URL, testPrefix } from "../../support/redis.ts";

type Make = (prefix: string) => Promise<EventBus>;

const buses: [string, Make][] = [
  ["memory", async () => new MemoryBus()],
  ["redis", (prefix) => RedisBus.connect({ url: REDIS_URL, prefix, log: silentLogger() })],
];

function collect(count: number, into: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`got ${into.length} of ${count}`)), 5000);
    const check = setInterval(() => {
      if (into.length >= count) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 5);
  });
}

describe.each(buses)("%s bus", (_name, make) => {
  const open: EventBus[] = [];
  const bus = async (prefix: string): Promise<EventBus> => {
    const b = await make(prefix);
    open.push(b);
    return b;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });

  it("delivers what is published, in order, to every subscriber", async () => {
    const b = await bus(testPrefix());
    const first: string[] = [];
    const second: string[] = [];
    await b.subscribe((m) => first.push(m));
    await b.subscribe((m) => second.push(m));
    const messages = Array.from({ length: 500 }, (_, i) => JSON.stringify({ i }));
    await b.publish(messages.slice(0, 250));
    await b.publish(messages.slice(250));
    await Promise.all([collect(500, first), collect(500, second)]);
    expect(first).toEqual(messages);
    expect(second).toEqual(messages);
  });

  it("keeps text byte for byte, Persian and zero-width non-joiner included", async () => {
    const b = await bus(testPrefix());
    const got: string[] = [];
    await b.subscribe((m) => got.push(m));
    const text = JSON.stringify({ name: "پاسخ‌گوی سبزوار", reason: "ناهار" });
    await b.publish([text]);
    await collect(1, got);
    expect(got).toEqual([text]);
  });

  it("reports itself connected until closed, and closes twice without harm", async () => {
    const b = await bus(testPrefix());
    expect(b.isConnected()).toBe(true);
    await b.close();
    await b.close();
    expect(b.isConnected()).toBe(false);
  });
});

describe("redis bus isolation", () => {
  it("does not hear another prefix's events", async () => {
    const a = await RedisBus.connect({ url: REDIS_URL, prefix: testPrefix(), log: silentLogger() });
    const b = await RedisBus.connect({ url: REDIS_URL, prefix: testPrefix(), log: silentLogger() });
    try {
      const heard: string[] = [];
      await b.subscribe((m) => heard.push(m));
      await a.publish(["{}"]);
      await b.publish(['{"own":true}']);
      await collect(1, heard);
      await new Promise((r) => setTimeout(r, 50));
      expect(heard).toEqual(['{"own":true}']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
