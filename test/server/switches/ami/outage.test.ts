/**
 * Issue 9 item 2: a switch outage loses no call. The recordings are served over real TCP, the
 * connection is cut mid-recording and the calls of a stretch end on the "switch" while nobody
 * listens; after the reconnect the switch's own counters (QueueParams) bring every line's totals
 * back to the switch's figures, marked reconstructed.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import { handoverOf } from "../../../../server/live/handover.ts";
import { AmiAdapter } from "../../../../server/switches/ami/adapter.ts";
import { mapAmiBytes } from "../../../../server/switches/ami/recording.ts";
import { Counters } from "../../../../server/counters.ts";
import { CuttingProxy } from "../../../support/tcp-proxy.ts";
import { captureLog } from "../log-capture.ts";
import {
  fixture,
  fixtureMap,
  ourFigures,
  reduce,
  SCENARIOS,
  switchFigures,
  type Scenario,
  type SwitchFigures,
} from "../recordings.ts";
import { FakeAmi, streamOf } from "./fake-ami.ts";
import { boundaryAt, presentState } from "./present-state.ts";

const SECRET = "khorasan-samples-7731";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The figures the switch's counters decide: Asterisk does not tell abandons from timeouts. */
const decided = (f: SwitchFigures) => ({
  queue: f.queue,
  offered: f.offered,
  answered: f.answered,
  completed: f.completed,
  switchAbandoned: f.switchAbandoned,
  sl: f.sl,
  sl2: f.sl2,
});

describe("the switch model of the tests", () => {
  it.each(SCENARIOS)("gives Asterisk's own final counters for %s", (scenario) => {
    const stream = streamOf(fixture(`${scenario}.ami.txt`));
    const { params } = presentState(stream);
    for (const truth of switchFigures(scenario)) {
      const c = params.get(truth.queue);
      expect({ completed: c?.completed, abandoned: c?.abandoned }).toEqual({
        completed: truth.completed,
        abandoned: truth.switchAbandoned,
      });
    }
  });
});

interface Outage {
  scenario: Scenario;
  cutAt: number;
  resumeAt: number;
  /** The switch restarted in the outage: its counters start again from zero. */
  restarted?: boolean;
  /**
   * The adapter stops at the cut (its leader died) and another one, given what the events so far
   * say (as a new leader reads them from the log), connects after the outage instead.
   */
  handOver?: boolean;
}

async function runOutage(o: Outage) {
  const stream = streamOf(fixture(`${o.scenario}.ami.txt`));
  const queues = switchFigures(o.scenario).map((f) => f.queue);
  const cut = Math.floor(stream.length * o.cutAt) + 7; // inside a message
  const resume = boundaryAt(stream, o.resumeAt);
  // The switch's clock is the recording's, where the stream has reached.
  const clock = switchClock(stream);
  const server: FakeAmi = new FakeAmi({
    secret: SECRET,
    stream,
    // A Ping tells the switch's time then, as Asterisk's would: after the reconnect, the switch's
    // present is the resume point, even before the stream written to the adapter has reached it.
    pingTime: (position): number =>
      clock(server.connections > 1 ? Math.max(position, resume) : position),
    startAt: (n) => (n === 0 ? 0 : resume),
    endAt: (n) => (n === 0 ? cut : stream.length),
    queueStatus: (n, offset) => {
      const present = presentState(stream.subarray(0, offset), queues);
      if (!o.restarted || n === 0) return present.items;
      // A restarted Asterisk lists the present, its counters only since the restart.
      const since = presentState(stream.subarray(resume, offset), queues);
      return [
        ...since.items.filter((i) => i.startsWith("Event: QueueParams")),
        ...present.items.filter((i) => !i.startsWith("Event: QueueParams")),
      ];
    },
  });
  const serverPort = await server.listen();
  closers.push(() => server.close());
  const proxy = new CuttingProxy(serverPort);
  const port = await proxy.listen();
  closers.push(() => proxy.close());
  const events: SwitchEventInput[] = [];
  const counters = new Counters();
  const captured = captureLog();
  const makeAdapter = () =>
    new AmiAdapter({
      url: `ami://dashboard:${encodeURIComponent(SECRET)}@127.0.0.1:${port}`,
      map: fixtureMap(),
      pseudonym: () => undefined,
      counters,
      log: captured.log,
      now: () => clock(server.position),
      client: {
        backoffInitialMs: 20,
        backoffMaxMs: 100,
        actionTimeoutMs: 500,
        pingIntervalMs: 60_000,
      },
    });
  const adapter = makeAdapter();
  await adapter.start((batch) => events.push(...batch));
  closers.push(() => adapter.stop());
  await vi.waitFor(() => expect(server.served).toBe(1), { timeout: 10_000, interval: 20 });
  // Cut once the adapter has heard all the switch sent before the cut, not what the proxy held.
  const heard = mapAmiBytes(stream.subarray(0, cut), {
    map: fixtureMap(),
    pseudonym: () => undefined,
  });
  const last = heard.events.at(-1);
  await vi.waitFor(
    () => expect(events.some((e) => e.type === last?.type && e.at === last.at)).toBe(true),
    { timeout: 10_000, interval: 20 },
  );
  if (o.handOver) {
    await adapter.stop();
    const state = reduce(events);
    const next = makeAdapter();
    next.takeOver(handoverOf(state, state.lastEventAt ?? 0));
    await next.start((batch) => events.push(...batch));
    closers.push(() => next.stop());
  } else proxy.cut();
  await vi.waitFor(() => expect(server.served).toBe(2), { timeout: 15_000, interval: 20 });
  return { events, counters, captured, map: fixtureMap() };
}

describe("AMI outage", () => {
  it.each([
    { scenario: "basic", cutAt: 0.3, resumeAt: 0.6 },
    { scenario: "pause", cutAt: 0.35, resumeAt: 0.7 },
    { scenario: "login", cutAt: 0.4, resumeAt: 0.75 },
    { scenario: "basic", cutAt: 0.3, resumeAt: 0.6, handOver: true },
    { scenario: "pause", cutAt: 0.35, resumeAt: 0.7, handOver: true },
    { scenario: "login", cutAt: 0.4, resumeAt: 0.75, handOver: true },
  ] as const)(
    "gives the switch's figures again after calls ended while cut ($scenario, handed over: $handOver)",
    async (outage) => {
      const { events, counters, map } = await runOutage(outage);
      await vi.waitFor(
        () => {
          const state = reduce(events);
          for (const truth of switchFigures(outage.scenario)) {
            const ours = ourFigures(state, map.line(truth.queue), truth.queue);
            expect(decided(ours)).toEqual(decided(truth));
          }
        },
        { timeout: 5_000, interval: 50 },
      );
      const reconciled = events.filter((e) => e.type === "line.reconciled");
      expect(reconciled.length).toBeGreaterThan(0);
      const state = reduce(events);
      const reconstructed = [...state.lines.values()].reduce(
        (sum, line) => sum + line.counters.reconstructed,
        0,
      );
      expect(reconstructed).toBeGreaterThan(0);
      expect(counters.get("ami.reconciled.completed")).toBeGreaterThan(0);
      // Without the reconciliation the totals would be short: the test is not trivially true.
      const unreconciled = reduce(events.filter((e) => e.type !== "line.reconciled"));
      const short = switchFigures(outage.scenario).some(
        (truth) =>
          JSON.stringify(decided(ourFigures(unreconciled, map.line(truth.queue), truth.queue))) !==
          JSON.stringify(decided(truth)),
      );
      expect(short).toBe(true);
    },
  );

  it("reconstructs nothing, and says why, when the switch restarted in the outage", async () => {
    const { events, counters, captured } = await runOutage({
      scenario: "basic",
      cutAt: 0.3,
      resumeAt: 0.6,
      restarted: true,
    });
    await vi.waitFor(() => expect(counters.get("ami.reconcile.reset")).toBeGreaterThan(0));
    expect(
      events.filter(
        (e) =>
          e.type === "line.reconciled" &&
          e.completed + e.abandoned > 0 &&
          e.detail?.startsWith("the switch counted"),
      ),
    ).toEqual([]);
    expect(captured.text()).toContain("Asterisk restarted");
  });
});

/** The recording's time at a byte offset: the last `Timestamp:` before it. */
function switchClock(stream: Buffer): (offset: number) => number {
  const marks: [number, number][] = [];
  const text = stream.toString("latin1");
  for (const m of text.matchAll(/^Timestamp: (\d+\.\d+)\r$/gm)) {
    marks.push([m.index, Math.round(Number(m[1]) * 1000)]);
  }
  return (offset) => {
    let at = marks[0]?.[1] ?? 0;
    for (const [where, time] of marks) {
      if (where > offset) break;
      at = time;
    }
    return at;
  };
}
