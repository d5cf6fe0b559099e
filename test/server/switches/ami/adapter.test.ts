import { afterEach, describe, expect, it, vi } from "vitest";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import type { LiveState } from "../../../../shared/live-state.ts";
import { AmiAdapter } from "../../../../server/switches/ami/adapter.ts";
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
      // The switch's clock is the recording's: events from before it would be refused as late.
      const recorded = presentState(stream).now;
      const { events } = await adapterOn(port, () => recorded);
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
    const recorded = presentState(streamOf(fixture("basic.ami.txt"))).now;
    const { events, counters } = await adapterOn(port, () => recorded, captured.log);
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
