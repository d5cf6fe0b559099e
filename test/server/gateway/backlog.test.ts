/**
 * A client that asks and never reads must cost the server a bounded amount (issue 7: 2,000
 * `snapshot:get` without reading grew the server by ~440 MB). Measured structurally: what the
 * server holds for the socket, and how many snapshots it made, never how long anything took.
 */
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../server/app.ts";
import { MemoryLog } from "../../../server/events/memory-log.ts";
import { backlogOf, DEFAULT_BACKLOG_LIMITS } from "../../../server/gateway/backlog.ts";
import type { LiveSocket } from "../../../server/gateway/sockets.ts";
import { SNAPSHOT_RATE } from "../../../server/features/wall/wall-live.ts";
import { screenToken, startTestApp, waitFor } from "../../support/app.ts";
import { event, appendEvents } from "../../support/events.ts";
import { smallReference } from "../../support/reference.ts";

const REQUESTS = 2000;
let app: RunningApp;
let bus: MemoryLog;
let token: string;

beforeEach(async () => {
  bus = new MemoryLog();
  app = await startTestApp({ reference: smallReference(), eventLog: bus, flushIntervalMs: 20 });
  token = await screenToken(app, "viewer");
});
afterEach(() => app.close());

const serverSockets = () => [...app.io.of("/").sockets.values()] as LiveSocket[];
const counter = (name: string) => app.counters.get(name);

/** One client-to-server WebSocket frame (masked, as clients must), text. */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x81, 0x80 | length])
      : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([header, mask, masked]);
}

/** A WebSocket client made by hand that sends and never reads a byte of the answers. */
async function deafWebSocket(url: string): Promise<net.Socket> {
  const { port } = new URL(url);
  const socket = net.connect(Number(port), "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(
    "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise((resolve) => socket.once("data", resolve));
  socket.pause();
  return socket;
}

describe("a socket that does not read", () => {
  it("gets a few snapshots for 2,000 requests, and never a backlog past the limit", async () => {
    const client = await deafWebSocket(app.url);
    const started = Date.now();
    client.write(frame(`40${JSON.stringify({ token })}`));
    await waitFor(() => serverSockets().length === 1);
    const [socket] = serverSockets();
    let maxBytes = 0;
    const sampler = setInterval(
      () => (maxBytes = Math.max(maxBytes, backlogOf(socket as LiveSocket).bytes)),
      5,
    );
    const requests = Array.from({ length: REQUESTS }, (_, i) => frame(`42${i}["snapshot:get"]`));
    client.write(Buffer.concat(requests));
    const handled = () =>
      counter("gateway.request-rate-limited") + counter("gateway.snapshot-served") >= REQUESTS ||
      counter("gateway.backlog-disconnected") > 0;
    await waitFor(handled, 30_000);
    clearInterval(sampler);
    const elapsedSec = (Date.now() - started) / 1000;
    const served = counter("gateway.snapshot-served");
    expect(served).toBeLessThanOrEqual(
      SNAPSHOT_RATE.burst + Math.ceil(elapsedSec * SNAPSHOT_RATE.perSecond) + 1,
    );
    expect(served).toBeLessThan(REQUESTS / 20);
    expect(counter("gateway.request-rate-limited")).toBeGreaterThan(0);
    expect(maxBytes).toBeLessThanOrEqual(DEFAULT_BACKLOG_LIMITS.hardBytes);
    client.destroy();
  });
});

/** engine.io's long-polling, by hand: a socket whose every delivery waits for the client's GET. */
class PollingClient {
  readonly #base: string;
  #sid = "";
  constructor(url: string) {
    this.#base = `${url}/socket.io/?EIO=4&transport=polling`;
  }
  async open(auth: object): Promise<void> {
    const first = await (await fetch(this.#base)).text();
    this.#sid = (JSON.parse(first.slice(1)) as { sid: string }).sid;
    await this.send([`40${JSON.stringify(auth)}`]);
  }
  async send(packets: string[]): Promise<void> {
    await fetch(`${this.#base}&sid=${this.#sid}`, { method: "POST", body: packets.join("\x1e") });
  }
  /** What the server held: one GET returns everything queued. Pings are answered. */
  async poll(): Promise<string[]> {
    const packets = (await (await fetch(`${this.#base}&sid=${this.#sid}`)).text()).split("\x1e");
    if (packets.includes("2")) await this.send(["3"]);
    return packets
      .filter((p) => p.startsWith("42"))
      .map((p) => JSON.parse(p.slice(2))[0] as string);
  }
}

describe("a screen that falls behind", () => {
  it("is sent no backlog of deltas, then one fresh snapshot when it catches up", async () => {
    const client = new PollingClient(app.url);
    await client.open({ token });
    expect(await client.poll()).toEqual(expect.arrayContaining(["snapshot"]));
    const [socket] = serverSockets();
    // The switch keeps talking while the screen does not fetch: deltas pile up at the server…
    let calls = 0;
    let maxPackets = 0;
    const talk = setInterval(() => {
      calls += 1;
      void appendEvents(bus, [
        event({ type: "call.joined", line: "kalat", call: `c${calls}`, at: Date.now() }),
      ]);
      maxPackets = Math.max(maxPackets, backlogOf(socket as LiveSocket).packets);
    }, 10);
    try {
      await waitFor(() => counter("gateway.delta-skipped") >= 5, 20_000);
    } finally {
      clearInterval(talk);
    }
    // …but only up to the soft limit: the rest were skipped, not queued.
    expect(maxPackets).toBeLessThanOrEqual(DEFAULT_BACKLOG_LIMITS.softPackets + 1);
    const queued = await client.poll();
    expect(queued.length).toBeLessThanOrEqual(DEFAULT_BACKLOG_LIMITS.softPackets + 1);
    expect(queued).not.toContain("snapshot");
    // Caught up: the next thing it hears is a whole snapshot, then deltas again.
    await appendEvents(bus, [
      event({ type: "call.joined", line: "kalat", call: "after", at: Date.now() }),
    ]);
    const next: string[] = [];
    while (next.length === 0)
      next.push(...(await client.poll()).filter((name) => name !== "health"));
    expect(next[0]).toBe("snapshot");
  });
});
