import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import { QueueLogAdapter } from "../../../../server/switches/queuelog/adapter.ts";
import type { FollowerOptions } from "../../../../server/switches/queuelog/follower.ts";
import { Counters } from "../../../../server/counters.ts";
import { silentLogger } from "../../../../server/log.ts";
import { captureLog } from "../log-capture.ts";
import { fixture, fixtureMap, ourFigures, reduce, switchFigures } from "../recordings.ts";

let dir = "";
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "samad-queuelog-"));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await rm(dir, { recursive: true, force: true });
});

describe("QueueLogAdapter", () => {
  it("gives the switch's figures from a queue_log written in pieces and rotated midway", async () => {
    const file = path.join(dir, "queue_log");
    const text = fixture("pause.queue_log");
    const half = text.indexOf("\n", Math.floor(text.length / 2)) + 1;
    await writeFile(file, text.subarray(0, half - 10));
    const events: SwitchEventInput[] = [];
    const adapter = new QueueLogAdapter({
      path: file,
      map: fixtureMap(),
      pseudonym: () => undefined,
      counters: new Counters(),
      log: silentLogger(),
      follower: { pollMs: 3_600_000 },
    });
    await adapter.start((batch) => events.push(...batch));
    await appendFile(file, text.subarray(half - 10, half));
    await rename(file, `${file}.1`);
    await writeFile(file, text.subarray(half));
    await adapter.poll();
    await adapter.stop();
    const state = reduce(events);
    const map = fixtureMap();
    for (const truth of switchFigures("pause")) {
      expect(ourFigures(state, map.line(truth.queue), truth.queue)).toEqual(truth);
    }
    await expect(adapter.command()).resolves.toMatchObject({ ok: false });
  });

  function adapterOn(file: string, log = silentLogger(), follower: Partial<FollowerOptions> = {}) {
    const events: SwitchEventInput[] = [];
    const counters = new Counters();
    const adapter = new QueueLogAdapter({
      path: file,
      map: fixtureMap(),
      pseudonym: () => undefined,
      counters,
      log,
      follower: { pollMs: 3_600_000, ...follower },
    });
    const statuses = () =>
      events.flatMap((e) =>
        e.type === "switch.status" ? [{ connected: e.connected, detail: e.detail ?? "" }] : [],
      );
    return { adapter, events, counters, statuses };
  }

  const expectFigures = (events: SwitchEventInput[], scenario: "pause" | "login") => {
    const state = reduce(events);
    const map = fixtureMap();
    for (const truth of switchFigures(scenario)) {
      expect(ourFigures(state, map.line(truth.queue), truth.queue)).toEqual(truth);
    }
  };

  it("keeps the figures when the file is truncated and refilled longer between polls (issue 7)", async () => {
    const file = path.join(dir, "queue_log");
    const text = fixture("pause.queue_log");
    const cut = text.indexOf("\n", Math.floor(text.length / 3)) + 1;
    await writeFile(file, text.subarray(0, cut));
    const { adapter, events, counters } = adapterOn(file);
    await adapter.start((batch) => events.push(...batch));
    await truncate(file, 0);
    await appendFile(file, text.subarray(cut)); // longer than what was read
    await adapter.poll();
    await adapter.stop();
    expectFigures(events, "pause");
    expect(counters.get("queuelog.replaced")).toBe(1);
  });

  it("applies no line twice when the file is replaced by a longer copy of itself (issue 7)", async () => {
    const file = path.join(dir, "queue_log");
    const text = fixture("pause.queue_log");
    const half = text.indexOf("\n", Math.floor(text.length / 2)) + 1;
    await writeFile(file, text.subarray(0, half));
    const { adapter, events, counters } = adapterOn(file);
    await adapter.start((batch) => events.push(...batch));
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
    await adapter.poll();
    await adapter.stop();
    expectFigures(events, "pause");
    expect(counters.get("queuelog.dropped.duplicate")).toBe(
      text.subarray(0, half).toString().split("\n").length - 1,
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("says once, not every poll, that the file is missing, and backs off (issues 7, 12)", async () => {
    const file = path.join(dir, "not-yet");
    const captured = captureLog();
    const { adapter, events, counters, statuses } = adapterOn(file, captured.log, {
      pollMs: 5,
      retryMaxMs: 20,
    });
    await adapter.start((batch) => events.push(...batch));
    closers.push(() => adapter.stop());
    await vi.waitFor(() => expect(counters.get("queuelog.open.failed")).toBeGreaterThanOrEqual(8), {
      timeout: 5_000,
    });
    expect(statuses()).toEqual([{ connected: false, detail: `cannot read ${file}: ENOENT` }]);
    const warnings = captured.lines().filter((l) => l.level === 40);
    expect(warnings).toEqual([
      expect.objectContaining({ msg: "switch not reachable", path: file, retryInMs: 10 }),
    ]);
    await writeFile(file, fixture("login.queue_log"));
    await vi.waitFor(() => expect(statuses().at(-1)?.connected).toBe(true), { timeout: 5_000 });
  });

  it("says the switch restarted at a QUEUESTART, in an event and in its status (issue 7)", async () => {
    const file = path.join(dir, "queue_log");
    const text = fixture("login.queue_log").toString("utf8");
    await writeFile(file, text);
    const { adapter, events, statuses } = adapterOn(file);
    await adapter.start((batch) => events.push(...batch));
    await appendFile(file, "1795950700|NONE|NONE|NONE|QUEUESTART|\n");
    await adapter.poll();
    await adapter.stop();
    const restarts = events.filter((e) => e.type === "switch.restarted");
    expect(restarts.map((e) => e.at)).toEqual([1795950422000, 1795950700000]);
    expect(statuses().at(-1)).toEqual({
      connected: true,
      detail: "the switch restarted at 2026-11-29T11:11:40.000Z (queue_log QUEUESTART)",
    });
  });

  it("masks every phone number in the lines it logs (issue 7)", async () => {
    const file = path.join(dir, "queue_log");
    const forms = ["+98-912-555-1234", "0912 123 4567", "(051) 3222-1234", "۰۹۱۲۱۲۳۴۵۶۷"];
    await writeFile(
      file,
      [
        ...forms.map((n) => `garbage ${n} here`),
        `9000000000000|1.1|mashhad|NONE|ENTERQUEUE||${forms[0]}|1`,
        `1795950430|1.1|mashhad|NONE|ENTERQUEUE||${forms[1]}|1|${"x".repeat(300)}`,
      ].join("\n") + "\n",
    );
    const captured = captureLog();
    const { adapter, events, counters } = adapterOn(file, captured.log, { maxLineBytes: 200 });
    await adapter.start((batch) => events.push(...batch));
    await adapter.stop();
    expect(counters.get("queuelog.dropped.malformed")).toBe(4);
    expect(counters.get("queuelog.dropped.badTime")).toBe(1);
    expect(counters.get("queuelog.dropped.oversized")).toBe(1);
    expect(events.filter((e) => e.type === "call.joined")).toEqual([]);
    const text = captured.text();
    for (const n of forms) expect(text).not.toContain(n);
    const [dropped] = captured.lines().filter((l) => l.msg === "switch input dropped");
    expect(dropped).toMatchObject({
      dropped: { malformed: 4, badTime: 1, oversized: 1 },
      why: { badTime: "[number]|1.1|mashhad|NONE|ENTERQUEUE||[number]|1" },
    });
  });
});
