/** The AMI adapter's link to the switch over real TCP: what it says, and how soon it is back. */
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import { AmiAdapter, type AmiAdapterOptions } from "../../../../server/switches/ami/adapter.ts";
import { Counters } from "../../../../server/counters.ts";
import { silentLogger } from "../../../../server/log.ts";
import { captureLog } from "../log-capture.ts";
import { fixtureMap } from "../recordings.ts";
import { FakeAmi } from "./fake-ami.ts";

const SECRET = "khorasan-samples-7731";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
/** A port nothing listens on (taken from the system, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function amiAt(port: number, client: AmiAdapterOptions["client"], log = silentLogger()) {
  const events: SwitchEventInput[] = [];
  const counters = new Counters();
  const adapter = new AmiAdapter({
    url: `ami://dashboard:${encodeURIComponent(SECRET)}@127.0.0.1:${port}`,
    map: fixtureMap(),
    pseudonym: () => undefined,
    counters,
    log,
    ...(client ? { client } : {}),
  });
  closers.push(() => adapter.stop());
  const statuses = (): { connected: boolean; detail: string }[] =>
    events.flatMap((e) =>
      e.type === "switch.status" ? [{ connected: e.connected, detail: e.detail ?? "" }] : [],
    );
  return { adapter, events, counters, statuses };
}

describe("AmiAdapter link (issues 7 and 12)", () => {
  it("says where it connects, and that a switch that never answers is not connected", async () => {
    const port = await closedPort();
    const captured = captureLog();
    const { adapter, events, counters, statuses } = amiAt(
      port,
      { backoffInitialMs: 10, backoffMaxMs: 20 },
      captured.log,
    );
    await adapter.start((batch) => events.push(...batch));
    await vi.waitFor(() => expect(counters.get("ami.connect.failed")).toBeGreaterThanOrEqual(10), {
      timeout: 10_000,
    });
    expect(statuses()).toEqual([
      {
        connected: false,
        detail: `cannot connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED)`,
      },
    ]);
    const lines = captured.lines();
    expect(lines[0]).toMatchObject({
      msg: "connecting to the switch",
      target: `127.0.0.1:${port}`,
      user: "dashboard",
    });
    const warnings = lines.filter((l) => l.msg === "switch not reachable");
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        retryInMs: 10,
        reason: expect.stringMatching(/ECONNREFUSED/),
      }),
    ]);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1); // not one line per attempt
    expect(captured.text()).not.toContain(SECRET);
  });

  it("emits one status per change of reason: refused, silent, login refused, connected", async () => {
    const port = await closedPort();
    const { adapter, events, statuses } = amiAt(port, {
      backoffInitialMs: 10,
      backoffMaxMs: 20,
      loginBackoffMaxMs: 20,
      actionTimeoutMs: 100,
    });
    const last = (): string => {
      const status = statuses().at(-1);
      return status ? `${status.connected} ${status.detail}` : "";
    };
    await adapter.start((batch) => events.push(...batch));
    await vi.waitFor(() => expect(last()).toMatch(/^false .*\(ECONNREFUSED\)$/), {
      timeout: 5_000,
    });
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(port, "127.0.0.1", resolve));
    await vi.waitFor(() => expect(last()).toMatch(/^false no greeting/), { timeout: 5_000 });
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    const wrong = new FakeAmi({ secret: "not-this-one", stream: Buffer.alloc(0) });
    closers.push(() => wrong.close());
    await wrong.listen(port);
    await vi.waitFor(() => expect(last()).toBe("false login refused: Authentication failed"), {
      timeout: 5_000,
    });
    await wrong.close();
    const right = new FakeAmi({ secret: SECRET, stream: Buffer.alloc(0) });
    closers.push(() => right.close());
    await right.listen(port);
    await vi.waitFor(() => expect(last()).toBe("true "), { timeout: 5_000 });
    const seen = statuses().map((s) => `${s.connected} ${s.detail}`);
    // One status per change: never the same twice in a row, however many attempts failed.
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).not.toBe(seen[i - 1]);
    // Between the servers the port refuses, resets or drops a connection: reasons of their own.
    const between = /ECONNREFUSED|ECONNRESET|closed the connection/;
    expect(seen.filter((s) => !between.test(s))).toEqual([
      `false no greeting from 127.0.0.1:${port} within 200 ms`,
      "false login refused: Authentication failed",
      "true ",
    ]);
  });

  it("is back within 2 s of a restarted switch listening again, with the default timings", async () => {
    const first = new FakeAmi({ secret: SECRET, stream: Buffer.alloc(0) });
    const port = await first.listen();
    closers.push(() => first.close());
    const { adapter, events, counters, statuses } = amiAt(port, undefined);
    await adapter.start((batch) => events.push(...batch));
    await vi.waitFor(() => expect(statuses()).toEqual([{ connected: true, detail: "" }]), {
      timeout: 5_000,
    });
    await first.close();
    // While it restarts, the port takes connections and drops them at once: that counts the
    // attempts, and lets the back-off grow as far as a doubling one (0.5, 1, 2, 4 s) would wait
    // 8 s before its next try.
    let attempts = 0;
    const restarting = net.createServer((socket) => {
      attempts += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => restarting.listen(port, "127.0.0.1", resolve));
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(4), {
      timeout: 20_000,
      interval: 50,
    });
    await new Promise<void>((resolve) => restarting.close(() => resolve()));
    const again = new FakeAmi({ secret: SECRET, stream: Buffer.alloc(0) });
    await again.listen(port);
    closers.push(() => again.close());
    const listening = performance.now();
    await vi.waitFor(() => expect(statuses().at(-1)).toEqual({ connected: true, detail: "" }), {
      timeout: 10_000,
      interval: 10,
    });
    expect(performance.now() - listening).toBeLessThan(2_000);
    expect(statuses()[0]).toEqual({ connected: true, detail: "" });
    expect(statuses()[1]).toEqual({
      connected: false,
      detail: expect.stringMatching(/closed the connection|ECONNRESET/),
    });
    expect(counters.get("ami.disconnects")).toBe(1);
    expect(counters.get("ami.logins")).toBe(2);
  });
});
