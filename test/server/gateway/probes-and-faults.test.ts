/**
 * Issue 7's gateway faults: a frozen aggregator fails /healthz and /readyz with its reason; a
 * malformed URL gets a plain 400 and one log line; a pending request cannot hold the shutdown.
 */
import net from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../server/app.ts";
import { MemoryLog } from "../../../server/events/memory-log.ts";
import { createLogger } from "../../../server/log.ts";
import { startTestApp, waitFor } from "../../support/app.ts";
import { event, T0, appendEvents } from "../../support/events.ts";
import { smallReference } from "../../support/reference.ts";

let app: RunningApp | undefined;
afterEach(() => app?.close());

async function probe(path: string) {
  const response = await fetch(`${app?.url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("/healthz and /readyz", () => {
  it("report each check with its reason, and frozen figures fail both", async () => {
    const bus = new MemoryLog();
    let leader = false;
    app = await startTestApp({
      reference: smallReference(),
      eventLog: bus,
      frozenAfterMs: 500,
      readiness: () => [{ name: "extra", ok: leader, reason: "not yet" }],
    });
    expect(await probe("/healthz")).toMatchObject({
      status: 200,
      body: { ok: true, bus: "memory", checks: { live: { ok: true, detail: "no entry yet" } } },
    });
    expect(await probe("/readyz")).toEqual({
      status: 503,
      body: {
        ready: false,
        checks: {
          "event-log": { ok: true, detail: "memory" },
          live: { ok: true, detail: "no entry yet" },
          switch: { ok: false, reason: "switch state unknown" },
          lease: { ok: true, detail: "single instance" },
          extra: { ok: false, reason: "not yet" },
        },
      },
    });
    await appendEvents(bus, [event({ type: "switch.status", connected: true, at: T0 })]);
    leader = true;
    const ready = await pollStatus("/readyz", 200);
    expect(ready.body).toMatchObject({ ready: true });

    await app.live.stop();
    const frozen = await pollStatus("/healthz", 503);
    expect(frozen.body).toMatchObject({
      ok: false,
      checks: { live: { ok: false, reason: expect.stringMatching(/^no flush for \d+ s$/) } },
    });
    expect((await probe("/readyz")).body).toMatchObject({
      ready: false,
      checks: { live: { ok: false } },
    });
  });
});

/** Asks again until the probe answers `status` (it follows the server's own clock). */
async function pollStatus(path: string, status: number) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const result = await probe(path);
    if (result.status === status) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} never answered ${status}`);
}

describe("a malformed URL", () => {
  it("gets a plain 400 and one structured log line, never a stack", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    app = await startTestApp({
      reference: smallReference(),
      log: createLogger({ level: "info", destination: sink }),
    });
    const response = await fetch(`${app.url}/%ff`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("bad request\n");
    const logged = lines.filter((line) => line.includes("malformed URL"));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] as string)).toMatchObject({
      level: 40,
      tag: "gateway",
      status: 400,
      path: "/%ff",
    });
    expect(lines.join("\n")).not.toMatch(/\n\s+at |node_modules/);
    expect(app.counters.get("http.malformed-url")).toBe(1);
  });
});

describe("shutdown", () => {
  it("does not wait for a request that never finishes", async () => {
    app = await startTestApp({
      reference: smallReference(),
      shutdownGraceMs: 200,
    });
    const { port } = new URL(app.url);
    const connect = async () => {
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.resume(); // reads (and drops) what comes, so the server's close is seen
      const closed = new Promise((resolve) => socket.once("close", resolve));
      return { socket, closed };
    };
    // A request whose body never arrives: the server is in the middle of it.
    const pending = await connect();
    pending.socket.write(
      `POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${app.url}\r\n` +
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
    );
    // A keep-alive connection that has finished its request and sits idle.
    const idle = await connect();
    idle.socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await new Promise((resolve) => idle.socket.once("data", resolve));
    await waitFor(() => app?.http.listening);

    await app.close();
    await Promise.all([pending.closed, idle.closed]);
    expect(app.http.listening).toBe(false);
  });
});
