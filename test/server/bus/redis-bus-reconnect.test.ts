/** A lost Redis connection: the bus reconnects by itself and the subscription carries on. */
import { describe, expect, it } from "vitest";
import { RedisBus } from "../../../server/bus/redis-bus.ts";
import { silentLogger } from "../../../server/log.ts";
import { waitFor } from "../../support/app.ts";
import { REDIS_URL, testPrefix } from "../../support/redis.ts";
import { CuttingProxy } from "../../support/tcp-proxy.ts";

describe("redis bus through a failing network", () => {
  it("reconnects after the connection is cut and delivers what is published afterwards", async () => {
    const target = new URL(REDIS_URL);
    const proxy = new CuttingProxy(Number(target.port || 6379), target.hostname);
    const port = await proxy.listen();
    const bus = await RedisBus.connect({
      url: `redis://127.0.0.1:${port}`,
      prefix: testPrefix(),
      log: silentLogger(),
    });
    try {
      const heard: string[] = [];
      await bus.subscribe((m) => heard.push(m));
      await bus.publish(["before"]);
      await waitFor(() => heard.length === 1);
      const before = proxy.accepted;
      proxy.cut();
      // Both connections, publisher and subscriber, come back through the proxy.
      await waitFor(() => proxy.accepted >= before + 2 && bus.isConnected(), 10_000);
      // The subscriber re-subscribes as part of its own reconnect, which may land a moment after
      // the publisher's: publish until the message is heard.
      const deadline = Date.now() + 10_000;
      while (!heard.includes("after") && Date.now() < deadline) {
        await bus.publish(["after"]).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(heard[0]).toBe("before");
      expect(heard).toContain("after");
    } finally {
      await bus.close();
      await proxy.close();
    }
  });
});
