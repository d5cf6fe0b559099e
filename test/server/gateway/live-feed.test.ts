/**
 * The pipeline on a real Redis: an event appended to the Redis event log reaches a socket.io
 * client as a delta, and a client that misses a delta notices the gap and resyncs from a snapshot.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../server/app.ts";
import { RedisStreamLog } from "../../../server/events/redis-stream-log.ts";
import { silentLogger } from "../../../server/log.ts";
import {
  initialSync,
  receiveDelta,
  receiveSnapshot,
  type SyncState,
} from "../../../client/src/lib/sync.ts";
import type { Snapshot } from "../../../shared/snapshot.ts";
import {
  bearer,
  connectClient,
  screenToken,
  startTestApp,
  waitFor,
  type TestSocket,
} from "../../support/app.ts";
import { event } from "../../support/events.ts";
import { deleteKeys, REDIS_URL, testPrefix, xaddRaw } from "../../support/redis.ts";
import { smallReference } from "../../support/reference.ts";
import { follow } from "../../support/wire.ts";

let app: RunningApp;
let prefix: string;
/** Another process's handle on the same log, as a switch adapter elsewhere would hold. */
let writer: RedisStreamLog;
/** A wall screen's viewer token: the feed is for signed-in screens only. */
let token: string;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  prefix = testPrefix();
  const open = () => RedisStreamLog.connect({ url: REDIS_URL, prefix, log: silentLogger() });
  writer = await open();
  app = await startTestApp({ reference: smallReference(), eventLog: await open() });
  token = await screenToken(app, "viewer");
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await app.close();
  await writer.close();
  await deleteKeys(prefix);
});

const append = (messages: string[]) => writer.append(messages);

function client() {
  const socket = connectClient(app.url, token);
  sockets.push(socket);
  return { socket, ...follow(socket) };
}

// The log judges each event's time against its own clock: events of now.
const now = () => Date.now();

describe("live feed over Redis", () => {
  it("turns an event published to Redis into a delta on the socket", async () => {
    const { snapshots, deltas } = client();
    const first = await waitFor(() => snapshots[0]);
    expect(first.province.waiting).toBe(0);
    await append([
      JSON.stringify(event({ type: "call.joined", line: "kalat", call: "r1", at: now() })),
    ]);
    const delta = await waitFor(() => deltas.find((d) => d.province?.waiting === 1));
    expect(delta.counties?.find((c) => c.id === "kalat")).toMatchObject({ waiting: 1, offered: 1 });
    expect(delta.lines?.map((l) => l.id)).toEqual(["kalat"]);
    expect(delta.epoch).toBe(first.epoch);
    expect(delta.seq).toBeGreaterThan(first.seq);
  });

  it("lets a client that missed a delta see the gap and resync to the server's state", async () => {
    const { socket, snapshots, deltas, frames } = client();
    let sync: SyncState = receiveSnapshot(initialSync, await waitFor(() => snapshots[0])).state;
    await append([
      JSON.stringify(event({ type: "call.joined", line: "kalat", call: "g1", at: now() })),
    ]);
    const missed = await waitFor(() => deltas.find((d) => d.province?.offered === 1));
    await append([
      JSON.stringify(event({ type: "call.joined", line: "mashhad", call: "g2", at: now() })),
    ]);
    const after = await waitFor(() => deltas.find((d) => d.province?.offered === 2));
    expect(after.seq).toBeGreaterThan(missed.seq);
    // The client never saw `missed`: the next delta it sees leaves a gap.
    const step = receiveDelta(
      sync,
      frames.find((f) => f[1] === after.seq),
    );
    expect(step.resync).toBe(true);
    const response = await socket.timeout(5000).emitWithAck("snapshot:get");
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    sync = receiveSnapshot(step.state, response.data).state;
    expect(sync.snapshot?.province.offered).toBe(2);
    expect(sync.snapshot?.counties.find((c) => c.id === "mashhad")?.waiting).toBe(1);
    // The REST snapshot of the same sequence number says the same.
    const rest = (await (
      await fetch(`${app.url}/api/v1/snapshot`, { headers: bearer(token) })
    ).json()) as Snapshot;
    if (rest.seq === sync.snapshot?.seq) expect(rest).toEqual(sync.snapshot);
    else expect(rest.seq).toBeGreaterThan(sync.snapshot?.seq ?? 0);
  });

  it("counts a bad message on Redis and keeps the good ones around it", async () => {
    const { deltas } = client();
    const valid = (call: string) =>
      JSON.stringify(event({ type: "call.joined", line: "kalat", call, at: now() }));
    // A foreign writer, with no size check: twenty megabytes of a valid event, and of an array.
    await xaddRaw(writer.key, [
      valid("b1"),
      "{not json",
      JSON.stringify({ type: "call.joined", v: 1, line: "kalat" }),
      JSON.stringify({ ...JSON.parse(valid("big")), pad: "x".repeat(20 * 1024 * 1024) }),
      `[${"0,".repeat(10 * 1024 * 1024)}0]`,
      valid("b2"),
    ]);
    await waitFor(() => deltas.find((d) => d.province?.offered === 2), 15_000);
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as {
      ok: boolean;
      bus: string;
      counters: Record<string, number>;
    };
    expect(health).toMatchObject({ ok: true, bus: "redis" });
    expect(health.counters["events.rejected"]).toBe(4);
    expect(app.live.health().rejected).toEqual({
      "not-json": 1,
      "invalid-event": 1,
      oversized: 2,
    });
  });

  it("gives every client the snapshot when it connects, also after a reconnect", async () => {
    await append([
      JSON.stringify(event({ type: "call.joined", line: "kalat", call: "s1", at: now() })),
    ]);
    await waitFor(() => app.live.snapshot().province.waiting === 1);
    const late = client();
    const snapshot = await waitFor(() => late.snapshots[0]);
    expect(snapshot.province.waiting).toBe(1);
    late.socket.disconnect();
    late.socket.connect();
    await waitFor(() => late.snapshots.length === 2);
    expect(late.snapshots[1]?.province.waiting).toBe(1);
  });
});

describe("REST API", () => {
  it("serves the snapshot in its documented shape", async () => {
    const response = await fetch(`${app.url}/api/v1/snapshot`, { headers: bearer(token) });
    expect(response.headers.get("content-type")).toContain("application/json");
    const snapshot = (await response.json()) as Snapshot;
    expect(Object.keys(snapshot)).toEqual(
      expect.arrayContaining([
        "seq",
        "at",
        "definitions",
        "lines",
        "counties",
        "officials",
        "province",
      ]),
    );
    expect(snapshot.lines[0]).toEqual(
      expect.objectContaining({
        id: "mashhad",
        county: "mashhad",
        agency: null,
        waiting: 0,
        longestWaitSec: 0,
        offered: 0,
        answered: 0,
        abandoned: 0,
        timedOut: 0,
        answerRate: null,
        officials: { loggedIn: 0, unknown: 0, available: 0, onCall: 0, paused: 0, scheduled: 0 },
      }),
    );
    expect(snapshot.counties).toHaveLength(2);
    expect(snapshot.officials[0]).toEqual(
      expect.objectContaining({
        id: "farmandar-mashhad",
        name: "فرماندار مشهد",
        lines: [],
        state: "offline",
        answered: 0,
      }),
    );
    expect(new Date(snapshot.at).toISOString()).toBe(snapshot.at);
  });

  it("answers unknown API routes with 404 JSON", async () => {
    const response = await fetch(`${app.url}/api/v1/nothing`, { headers: bearer(token) });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "no such API route" });
  });
});
