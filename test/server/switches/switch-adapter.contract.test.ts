/**
 * The SwitchAdapter contract, run against every Asterisk adapter (add the simulator's factory to
 * IMPLEMENTATIONS to hold it to the same): valid events only, a status on start, commands that
 * answer and never throw, an idempotent stop, and nothing delivered after it.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseSwitchEvent, type SwitchEventInput } from "../../../shared/events.ts";
import { Counters } from "../../../server/counters.ts";
import { silentLogger } from "../../../server/log.ts";
import { createAsteriskSwitch } from "../../../server/switches/asterisk.ts";
import { SimulatorAdapter } from "../../../server/switches/simulator/simulator-adapter.ts";
import { jalaliTimeToMs } from "../../../shared/tehran-time.ts";
import { provinceReference } from "../../support/reference.ts";
import type { SwitchAdapter } from "../../../server/switches/switch-adapter.ts";
import { FakeAmi, streamOf } from "./ami/fake-ami.ts";
import { FIXTURES, fixture } from "./recordings.ts";

const NO_REFERENCE = { counties: [], agencies: [], lines: [], officials: [], sessions: [] };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const deps = () => ({
  reference: NO_REFERENCE,
  mapFile: path.join(FIXTURES, "switch-map.json"),
  callerIdKey: "contract-test-key-0123456789",
  counters: new Counters(),
  log: silentLogger(),
  ami: { backoffInitialMs: 20, actionTimeoutMs: 300 },
  queueLog: { pollMs: 20 },
});

const IMPLEMENTATIONS: [string, () => Promise<SwitchAdapter>][] = [
  [
    "simulator",
    async () =>
      new SimulatorAdapter({
        reference: await provinceReference(),
        seed: 11,
        speed: 1000,
        start: jalaliTimeToMs("1405/09/14", "08:00") ?? 0,
        skipIdle: true,
        log: silentLogger(),
      }),
  ],
  [
    "ami",
    async () => {
      const fake = new FakeAmi({
        secret: "s",
        stream: streamOf(fixture("basic.ami.txt")),
        reply: () => "Error: Interface not found",
      });
      const port = await fake.listen();
      cleanups.push(() => fake.close());
      return createAsteriskSwitch({ kind: "ami", url: `ami://u:s@127.0.0.1:${port}` }, deps());
    },
  ],
  [
    "queuelog",
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "samad-contract-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const file = path.join(dir, "queue_log");
      await writeFile(file, fixture("basic.queue_log"));
      return createAsteriskSwitch({ kind: "queuelog", path: file }, deps());
    },
  ],
];

describe.each(IMPLEMENTATIONS)("SwitchAdapter contract: %s", (_kind, create) => {
  it("delivers only valid events, starting with the switch's status", async () => {
    const adapter = await create();
    const events: SwitchEventInput[] = [];
    await adapter.start((batch) => events.push(...batch));
    cleanups.push(() => adapter.stop());
    await vi.waitFor(
      () => expect(events.filter((e) => e.type === "call.ended").length).toBeGreaterThan(10),
      {
        timeout: 10_000,
      },
    );
    expect(events[0]).toMatchObject({ type: "switch.status", connected: true });
    for (const event of events) expect(parseSwitchEvent(event)).toMatchObject({ ok: true });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("answers every command without throwing", async () => {
    const adapter = await create();
    const events: SwitchEventInput[] = [];
    await adapter.start((batch) => events.push(...batch));
    cleanups.push(() => adapter.stop());
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(0));
    for (const command of [
      { type: "pause", official: "Ali Karimi", line: "mashhad", reason: "x" },
      { type: "logout", official: "nobody-at-all", line: "mashhad" },
    ] as const) {
      const result = await adapter.command(command);
      expect(result.ok === true || typeof result.error === "string").toBe(true);
    }
  });

  it("stops idempotently and delivers nothing after stop", async () => {
    const adapter = await create();
    const events: SwitchEventInput[] = [];
    await adapter.start((batch) => events.push(...batch));
    await adapter.stop();
    await adapter.stop();
    const after = events.length;
    // Proving an absence takes a window of real time: sockets and files do not run on fake timers.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.length).toBe(after);
  });
});
