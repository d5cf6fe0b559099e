/**
 * Line control with two instances on one real Redis: a command that reaches the instance which
 * does not run the switch travels over Redis to the one that does, and is answered once the
 * switch's event is in the requester's own live state; every shift lead's screen, on either
 * instance, hears the result; two moves of one official sent to the two instances at once are
 * run one after the other, the second finding the line changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/app.ts";
import { RedisLease } from "../../server/cluster/leader-lease.ts";
import { RedisStreamLog } from "../../server/events/redis-stream-log.ts";
import { MemoryCheckpoints } from "../../server/live/checkpoint-store.ts";
import { silentLogger } from "../../server/log.ts";
import { SimulatorAdapter } from "../../server/switches/simulator/simulator-adapter.ts";
import type { ControlResult } from "../../shared/control.ts";
import type { Reference } from "../../shared/reference.ts";
import {
  bearer,
  connectClient,
  screenToken,
  startTestApp,
  waitFor,
  type TestSocket,
} from "../support/app.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "../support/redis.ts";
import { provinceReference } from "../support/reference.ts";

/** A Saturday night, the clock held: no member anywhere but those the test adds. */
const START = Date.parse("2026-12-05T23:00:00+03:30");
const prefix = testPrefix();
const apps: RunningApp[] = [];
const sockets: TestSocket[] = [];

async function instance(reference: Reference): Promise<RunningApp> {
  const app = await startTestApp({
    reference,
    eventLog: await RedisStreamLog.connect({ url: REDIS_URL, prefix, log: silentLogger() }),
    checkpoints: new MemoryCheckpoints(),
    lease: new RedisLease({
      url: REDIS_URL,
      prefix,
      log: silentLogger(),
      ttlMs: 1_500,
      renewEveryMs: 250,
    }),
    cluster: { redisUrl: REDIS_URL, prefix },
    switchAdapter: async () =>
      new SimulatorAdapter({
        reference,
        seed: 3,
        start: START,
        speed: 1,
        skipIdle: false,
        holdAt: START,
        log: silentLogger(),
      }),
    flushIntervalMs: 100,
    control: { answerTimeoutMs: 2_000, confirmTimeoutMs: 3_000 },
  });
  apps.push(app);
  return app;
}

let leader: RunningApp;
let follower: RunningApp;

beforeAll(async () => {
  const reference = await provinceReference();
  const first = await instance(reference);
  const second = await instance(reference);
  leader = first.lease.isLeader() ? first : second;
  follower = leader === first ? second : first;
  for (const app of apps) await waitFor(() => app.live.model.state.switchConnected === true);
}, 30_000);
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const app of apps.reverse()) await app.close();
  await deleteKeys(prefix);
});

async function command(app: RunningApp, token: string, body: Record<string, unknown>) {
  const response = await fetch(`${app.url}/api/v1/commands`, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(token) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as ControlResult };
}

const members = (app: RunningApp, line: string) => [
  ...(app.live.model.state.lines.get(line)?.members.keys() ?? []),
];

describe("a command on the instance that does not run the switch", () => {
  it("is run by the leader and heard by shift leads on both instances", async () => {
    expect(follower.switchRunner()).toBeNull();
    const heard: ControlResult[][] = [];
    for (const app of [leader, follower]) {
      const socket = connectClient(app.url, await screenToken(app, "shift-lead"));
      sockets.push(socket);
      const got: ControlResult[] = [];
      socket.on("control:result", (result) => got.push(result));
      heard.push(got);
      await waitFor(() => socket.connected);
    }
    const token = await screenToken(follower, "shift-lead");
    const { status, body } = await command(follower, token, {
      action: "add",
      line: "kalat",
      official: "farmandar-kalat",
      reason: "governor late",
      expect: [],
    });
    expect(status).toBe(200);
    expect(body.status).toBe("done");
    expect(members(follower, "kalat")).toEqual(["farmandar-kalat"]);
    for (const got of heard)
      expect(await waitFor(() => got.find((r) => r.auditId === body.auditId))).toMatchObject({
        status: "done",
        request: { line: "kalat" },
      });
  });

  it("of two moves sent to the two instances at once, runs one; the other finds the line changed", async () => {
    const move = {
      action: "move",
      line: "kalat",
      official: "farmandar-kalat",
      reason: "needed elsewhere",
      expect: ["farmandar-kalat"],
    };
    const [a, b] = await Promise.all([
      command(leader, await screenToken(leader, "shift-lead"), { ...move, toLine: "khaf" }),
      command(follower, await screenToken(follower, "shift-lead"), { ...move, toLine: "kashmar" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const done = a.status === 200 ? a : b;
    const target = done.body.request.toLine as string;
    for (const app of apps) {
      await waitFor(() => members(app, target).includes("farmandar-kalat"));
      expect(members(app, "kalat")).toEqual([]);
    }
  });
});
