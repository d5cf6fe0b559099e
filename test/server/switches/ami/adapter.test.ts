import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import type { LiveState } from "../../../../shared/live-state.ts";
import { AmiAdapter, type AmiAdapterOptions } from "../../../../server/switches/ami/adapter.ts";
import { mapAmiBytes } from "../../../../server/switches/ami/recording.ts";
import { Counters } from "../../../../server/counters.ts";
import { silentLogger } from "../../../../server/log.ts";
import {
  fixture,
  fixtureMap,
  ourFigures,
  reduce,
  SCENARIOS,
  switchFigures,
} from "../recordings.ts";
import { CuttingProxy } from "../../../support/tcp-proxy.ts";
import { captureLog } from "../log-capture.ts";
import { FakeAmi, streamOf } from "./fake-ami.ts";
import { boundaryAt, presentState } from "./present-state.ts";

const SECRET = "khorasan-samples-7731";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function adapterOn(port: number, now: () => number, log = silentLogger()) {
  const events: SwitchEventInput[] = [];
  const counters = new Counters();
  const adapter = new AmiAdapter({
    url: `ami://dashboard:${encodeURIComponent(SECRET)}@127.0.0.1:${port}`,
    map: fixtureMap(),
    pseudonym: () => undefined,
    counters,
    log,
    now,
    client: {
      backoffInitialMs: 20,
      backoffMaxMs: 100,
      actionTimeoutMs: 500,
      pingIntervalMs: 60_000,
    },
  });
  await adapter.start((batch) => events.push(...batch));
  closers.push(() => adapter.stop());
  return { adapter, events, counters };
}

async function fake(
  options: ConstructorParameters<typeof FakeAmi>[0],
): Promise<{ fake: FakeAmi; port: number }> {
  const server = new FakeAmi(options);
  const port = await server.listen();
  closers.push(() => server.close());
  return { fake: server, port };
}

/** Members (with pause and reason) and waiting callers of every line. */
function present(state: LiveState): Record<string, { members: string[]; waiting: string[] }> {
  const out: Record<string, { members: string[]; waiting: string[] }> = {};
  for (const line of state.lines.values()) {
    out[line.id] = {
      members: [...line.members]
        .map(([id, m]) => `${id}${m.paused ? ` (paused: ${m.reason})` : ""}`)
        .sort(),
      waiting: [...line.waiting.keys()].sort(),
    };
  }
  return out;
}

describe("AmiAdapter over TCP", () => {
  it.each(SCENARIOS)(
    "gives the switch's figures for %s served in random reads",
    async (scenario) => {
      const stream = streamOf(fixture(`${scenario}.ami.txt`));
      const { port } = await fake({ secret: SECRET, stream, queueStatus: () => [] });
      const { events } = await adapterOn(port, Date.now);
      const map = fixtureMap();
      await vi.waitFor(
        () => {
          const state = reduce(events);
          for (const truth of switchFigures(scenario)) {
            expect(ourFigures(state, map.line(truth.queue), truth.queue)).toEqual(truth);
          }
        },
        { timeout: 15_000, interval: 50 },
      );
      expect(events.find((e) => e.type === "switch.status")).toMatchObject({ connected: true });
    },
  );

  it("keeps every call when garbage sits right before its events, and counts and logs it", async () => {
    // Garbage with no line end just before each caller's first event: before issue 7 it
    // swallowed the event, and with it the call.
    const clean = streamOf(fixture("basic.ami.txt")).toString("latin1");
    const joins = clean.split("Event: QueueCallerJoin\r\n").length - 1;
    const dirty =
      "\u0000\u00ff not a header\r\n\u00fe\u00fd: x\r\nEvent\r\n\r\nEvent: Mystery\r\n\r\n" +
      clean.replaceAll(
        "Event: QueueCallerJoin\r\n",
        "\u0000\u00ff~junk~Event: QueueCallerJoin\r\n",
      );
    const { port } = await fake({
      secret: SECRET,
      stream: Buffer.from(dirty, "latin1"),
      queueStatus: () => [],
    });
    const captured = captureLog();
    const { events, counters } = await adapterOn(port, Date.now, captured.log);
    const map = fixtureMap();
    await vi.waitFor(
      () => {
        const state = reduce(events);
        for (const truth of switchFigures("basic")) {
          expect(ourFigures(state, map.line(truth.queue), truth.queue)).toEqual(truth);
        }
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(joins).toBe(20);
    expect(counters.get("ami.dropped.garbage")).toBe(joins + 1);
    expect(counters.get("ami.dropped.invalidUtf8")).toBe(joins + 1);
    expect(counters.get("ami.dropped.unknown")).toBe(1);
    const dropped = captured.lines().filter((l) => l.msg === "switch input dropped");
    expect(dropped).toHaveLength(1); // throttled: one line, not one per drop
    expect(dropped[0]).toMatchObject({ tag: "ami", why: { garbage: expect.any(String) } });
  });

  it.each([
    ["pause", 0.22, 0.45],
    ["login", 0.12, 0.4],
  ] as const)(
    "rebuilds members, pauses and waiting callers after a cut in %s",
    async (scenario, cutAt, resumeAt) => {
      const stream = streamOf(fixture(`${scenario}.ami.txt`));
      const cut = Math.floor(stream.length * cutAt) + 7; // inside a message
      const resume = boundaryAt(stream, resumeAt);
      const truth = presentState(stream.subarray(0, resume));
      const { fake: server, port: serverPort } = await fake({
        secret: SECRET,
        stream,
        startAt: (n) => (n === 0 ? 0 : resume),
        endAt: (n) => (n === 0 ? cut : resume),
        queueStatus: (n) => (n === 0 ? [] : truth.items),
      });
      const proxy = new CuttingProxy(serverPort);
      const port = await proxy.listen();
      closers.push(() => proxy.close());
      const { events, counters } = await adapterOn(port, () => truth.now);
      await vi.waitFor(() => expect(server.served).toBe(1), { timeout: 10_000, interval: 20 });
      const beforeCut = events.length;
      proxy.cut();
      await vi.waitFor(() => expect(server.served).toBe(2), { timeout: 10_000, interval: 20 });
      const expected = reduce(
        mapAmiBytes(stream.subarray(0, resume), { map: fixtureMap(), pseudonym: () => undefined })
          .events,
      );
      await vi.waitFor(() => expect(present(reduce(events))).toEqual(present(expected)), {
        timeout: 5_000,
      });
      // Without the resync the state would be wrong: the test is not trivially true.
      expect(present(reduce(events.slice(0, beforeCut)))).not.toEqual(present(expected));
      expect(counters.get("ami.logins")).toBe(2);
      expect(counters.get("ami.disconnects")).toBe(1);
      const statuses = events
        .filter((e) => e.type === "switch.status")
        .map((e) => e.type === "switch.status" && e.connected);
      expect(statuses).toEqual([true, false, true]);
    },
  );
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
