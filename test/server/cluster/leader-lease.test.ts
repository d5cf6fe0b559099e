/** The lease on a real Redis: one leader at a time, a fast hand-over, a takeover after a crash. */
import { afterEach, describe, expect, it } from "vitest";
import { RedisLease } from "../../../server/cluster/leader-lease.ts";
import { silentLogger } from "../../../server/log.ts";
import { waitFor } from "../../support/app.ts";
import { deleteKeys, REDIS_URL, redisGet, testPrefix } from "../../support/redis.ts";
import { CuttingProxy } from "../../support/tcp-proxy.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every change of leadership of every lease, in the order they happened. */
const timeline: string[] = [];

function lease(name: string, prefix: string, url = REDIS_URL) {
  const l = new RedisLease({ url, prefix, log: silentLogger(), ttlMs: 1_500, renewEveryMs: 250 });
  const changes: boolean[] = [];
  cleanups.push(() => l.stop());
  const start = () =>
    l.start((leader) => {
      changes.push(leader);
      timeline.push(`${name}:${leader ? "leads" : "steps down"}`);
    });
  return { lease: l, changes, start };
}

describe("leader lease on Redis", () => {
  it("lets exactly one instance lead, and hands over at once when it stops", async () => {
    const prefix = testPrefix();
    cleanups.push(() => deleteKeys(prefix));
    const a = lease("a", prefix);
    const b = lease("b", prefix);
    await a.start();
    await b.start();
    expect([a.lease.isLeader(), b.lease.isLeader()]).toEqual([true, false]);
    await a.lease.stop();
    // Released, not left to lapse: gone at once, or already another's.
    expect(await redisGet(a.lease.key)).not.toBe(a.lease.instanceId);
    await waitFor(() => b.lease.isLeader());
    expect(a.changes).toEqual([true, false]);
    expect(b.changes).toEqual([true]);
  });

  it("is taken over after its holder is cut off, and the holder steps down first", async () => {
    const prefix = testPrefix();
    cleanups.push(() => deleteKeys(prefix));
    const target = new URL(REDIS_URL);
    const proxy = new CuttingProxy(Number(target.port || 6379), target.hostname);
    const port = await proxy.listen();
    cleanups.push(() => proxy.close());
    const a = lease("a", prefix, `redis://127.0.0.1:${port}`);
    const b = lease("b", prefix);
    await a.start();
    await b.start();
    expect(a.lease.isLeader()).toBe(true);
    // The holder loses Redis for good: it can neither renew nor release.
    proxy.stopAccepting();
    proxy.cut();
    timeline.length = 0;
    await waitFor(() => b.lease.isLeader(), 10_000);
    // It had already stepped down: never two leaders at once.
    expect(timeline).toEqual(["a:steps down", "b:leads"]);
    expect(a.changes).toEqual([true, false]);
  });
});
