/**
 * Redis gone for a while (issue 9): the server stays up, every screen is told the figures are
 * stale, /readyz says why, the switch runner holds the switch's events, and once Redis is back
 * everything catches up without a restart, none lost.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../server/app.ts";
import { RedisStreamLog } from "../../../server/events/redis-stream-log.ts";
import { silentLogger } from "../../../server/log.ts";
import { SimulatorAdapter } from "../../../server/switches/simulator/simulator-adapter.ts";
import { startTestApp, waitFor } from "../../support/app.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "../../support/redis.ts";
import { provinceReference } from "../../support/reference.ts";
import { CuttingProxy } from "../../support/tcp-proxy.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe("Redis down", () => {
  it("greys the figures with a reason, holds the switch's events, and catches up after", async () => {
    const reference = await provinceReference();
    const prefix = testPrefix();
    cleanups.push(() => deleteKeys(prefix));
    const target = new URL(REDIS_URL);
    const proxy = new CuttingProxy(Number(target.port || 6379), target.hostname);
    const port = await proxy.listen();
    cleanups.push(() => proxy.close());
    const app: RunningApp = await startTestApp({
      reference,
      eventLog: await RedisStreamLog.connect({
        url: `redis://127.0.0.1:${port}`,
        prefix,
        log: silentLogger(),
        blockMs: 200,
      }),
      switchAdapter: new SimulatorAdapter({
        reference,
        seed: 3,
        start: Date.parse("2026-12-01T09:30:00+03:30"),
        speed: 60,
        skipIdle: false,
        log: silentLogger(),
      }),
    });
    cleanups.push(() => app.close());
    await waitFor(() => app.live.snapshot().province.offered > 5, 20_000);
    expect(app.live.snapshot().stale).toBeNull();

    proxy.stopAccepting();
    proxy.cut();
    await waitFor(() => app.live.snapshot().stale === "event-log", 10_000);
    const readyz = await (await fetch(`${app.url}/readyz`)).json();
    expect(readyz).toMatchObject({
      ready: false,
      checks: { "event-log": { ok: false, reason: "redis event log unreachable" } },
    });
    // The simulation goes on; its events wait in the runner.
    await waitFor(() => (app.switchRunner()?.buffered ?? 0) > 20, 20_000);
    const held = app.switchRunner()?.buffered ?? 0;

    await proxy.resumeAccepting(port);
    await waitFor(() => app.switchRunner()?.buffered === 0, 20_000);
    await waitFor(() => app.live.snapshot().stale === null, 20_000);
    // Every event held came through: the log has them, the model applied them (or refused none
    // but the heartbeats' duplicates), and the figures moved on.
    const reader = await RedisStreamLog.connect({ url: REDIS_URL, prefix, log: silentLogger() });
    const all = await reader.read(null, 1_000_000);
    await reader.close();
    await waitFor(() => app.live.model.lastLogId === all.at(-1)?.id, 20_000);
    expect(all.length).toBeGreaterThan(held);
    expect(app.live.health().rejected).not.toHaveProperty("behind-clock");
    expect(app.live.health().rejected).not.toHaveProperty("ahead-of-clock");
  });
});
