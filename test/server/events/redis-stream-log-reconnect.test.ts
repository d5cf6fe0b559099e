/** A lost Redis connection: the log reconnects by itself and its follower resumes, losing nothing. */
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../../server/events/event-log.ts";
import { RedisStreamLog } from "../../../server/events/redis-stream-log.ts";
import { RedisConnectError } from "../../../server/platform/redis.ts";
import { silentLogger } from "../../../server/log.ts";
import { waitFor } from "../../support/app.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "../../support/redis.ts";
import { CuttingProxy } from "../../support/tcp-proxy.ts";
import net from "node:net";

describe("redis event log through a failing network", () => {
  it("resumes following from the last entry after the connection is cut", async () => {
    const target = new URL(REDIS_URL);
    const proxy = new CuttingProxy(Number(target.port || 6379), target.hostname);
    const port = await proxy.listen();
    const prefix = testPrefix();
    const log = await RedisStreamLog.connect({
      url: `redis://127.0.0.1:${port}`,
      prefix,
      log: silentLogger(),
      blockMs: 200,
    });
    // Another instance appends straight to Redis while this one's link is cut.
    const writer = await RedisStreamLog.connect({ url: REDIS_URL, prefix, log: silentLogger() });
    try {
      const heard: LogEntry[] = [];
      log.follow(null, (entries) => heard.push(...entries));
      await writer.append(['{"n":1}']);
      await waitFor(() => heard.length === 1);
      proxy.cut();
      await writer.append(['{"n":2}', '{"n":3}']);
      await waitFor(() => heard.length === 3, 10_000);
      expect(heard.map((e) => e.message)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
      await waitFor(() => log.isConnected(), 10_000);
      await log.append(['{"n":4}']);
      await waitFor(() => heard.length === 4, 10_000);
    } finally {
      await log.close();
      await writer.close();
      await proxy.close();
      await deleteKeys(prefix);
    }
  });

  it("gives up on a first connection to a port that never answers, with a clear error", async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await expect(
        RedisStreamLog.connect({
          url: `redis://127.0.0.1:${port}`,
          prefix: testPrefix(),
          log: silentLogger(),
          connectTimeoutMs: 300,
        }),
      ).rejects.toThrow(RedisConnectError);
    } finally {
      silent.close();
    }
  });
});
