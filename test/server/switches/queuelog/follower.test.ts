import { appendFile, mkdtemp, rename, rm, truncate, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import { QueueLogAdapter } from "../../../../server/switches/queuelog/adapter.ts";
import {
  FileFollower,
  type FollowerOptions,
} from "../../../../server/switches/queuelog/follower.ts";
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

function follower(file: string, options: Partial<FollowerOptions> = {}) {
  const lines: string[] = [];
  const ids: string[] = [];
  const notices: string[] = [];
  const statuses: boolean[] = [];
  const retries: number[] = [];
  const f = new FileFollower(
    { path: file, pollMs: 3_600_000, ...options },
    {
      lines: (l) => {
        lines.push(...l.map((line) => line.text));
        ids.push(...l.map((line) => line.id));
      },
      notice: (n) => notices.push(n),
      status: (s, _detail, retry) => {
        statuses.push(s);
        if (retry !== undefined) retries.push(retry);
      },
    },
  );
  return { f, lines, ids, notices, statuses, retries };
}

describe("FileFollower", () => {
  it("follows growth, keeps a half-written line (cut inside a Persian word) until it ends", async () => {
    const file = path.join(dir, "queue_log");
    await writeFile(file, "1|a\n2|b");
    const { f, lines } = follower(file);
    await f.start();
    expect(lines).toEqual(["1|a"]);
    const word = Buffer.from("ناهار\n3|c\n", "utf8");
    await appendFile(file, word.subarray(0, 3));
    await f.poll();
    expect(lines).toEqual(["1|a"]);
    await appendFile(file, word.subarray(3));
    await f.poll();
    expect(lines).toEqual(["1|a", "2|bناهار", "3|c"]);
    await f.stop();
    await f.stop();
  });

  it("survives truncation and rotation without losing the old file's last lines", async () => {
    const file = path.join(dir, "queue_log");
    await writeFile(file, "1|a\n2|b\n");
    const { f, lines, notices } = follower(file);
    await f.start();
    await truncate(file, 0);
    await appendFile(file, "3|c\n");
    await f.poll();
    expect(lines).toEqual(["1|a", "2|b", "3|c"]);
    expect(notices).toEqual(["truncated"]);
    await appendFile(file, "4|d\n"); // written just before logrotate moves the file
    await rename(file, `${file}.1`);
    await writeFile(file, "5|e\n");
    await f.poll();
    expect(lines).toEqual(["1|a", "2|b", "3|c", "4|d", "5|e"]);
    expect(notices).toEqual(["truncated", "rotated"]);
    await f.stop();
  });

  it("waits for a file that does not exist yet", async () => {
    const file = path.join(dir, "later");
    const { f, lines, statuses } = follower(file);
    await f.start();
    expect(statuses).toEqual([false]);
    await writeFile(file, "1|a\n");
    await f.poll();
    expect(statuses).toEqual([false, true]);
    expect(lines).toEqual(["1|a"]);
    await f.stop();
  });

  it("reports a path it cannot read as a file (a directory) and keeps trying, never throwing", async () => {
    const details: string[] = [];
    const f = new FileFollower(
      { path: dir, pollMs: 5, retryMaxMs: 20 },
      { lines: () => {}, notice: () => {}, status: (_open, detail) => details.push(detail) },
    );
    await f.start();
    await vi.waitFor(() => expect(details.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    expect(new Set(details)).toEqual(new Set([`cannot read ${dir}: not a file`]));
    await f.stop();
  });

  it("drops an oversized line whole, its tail included, even when it spans reads (issue 7)", async () => {
    const file = path.join(dir, "queue_log");
    const call = "1795950430|1795950429.1|mashhad|Reza Ahmadi|CONNECT|1|1795950429.2|1";
    await writeFile(file, `1|a\n${"x".repeat(150)}`);
    const { f, lines, notices } = follower(file, { maxLineBytes: 100 });
    await f.start();
    await appendFile(file, `${"y".repeat(100)}${call}\n2|b\n${"z".repeat(300)}${call}\n3|c\n`);
    await f.poll();
    expect(lines).toEqual(["1|a", "2|b", "3|c"]);
    expect(notices).toEqual(["oversized", "oversized"]);
    await f.stop();
  });

  it("sees a truncate-and-refill between two polls and reads the new content whole (issue 7)", async () => {
    const file = path.join(dir, "queue_log");
    await writeFile(file, "1|a\n2|b\n");
    const { f, lines, notices } = follower(file);
    await f.start();
    await truncate(file, 0);
    await appendFile(file, "3|c\n4|d\n5|e\n"); // longer than what was read: the length says "grew"
    await f.poll();
    expect(lines).toEqual(["1|a", "2|b", "3|c", "4|d", "5|e"]);
    expect(notices).toEqual(["replaced"]);
    await f.stop();
  });

  it("gives a line read again after a replacement the id it had, and identical lines two", async () => {
    const file = path.join(dir, "queue_log");
    await writeFile(file, "1|a\n1|a\n");
    const { f, lines, ids } = follower(file);
    await f.start();
    await writeFile(`${file}.new`, "1|a\n1|a\n2|b\n");
    await rename(`${file}.new`, file);
    await f.poll();
    expect(lines).toEqual(["1|a", "1|a", "1|a", "1|a", "2|b"]);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids.slice(2, 4)).toEqual(ids.slice(0, 2));
    await f.stop();
  });

  it("retries a missing file with a growing wait, saying each try's next wait (issue 7, 12)", async () => {
    const file = path.join(dir, "missing");
    const { f, statuses, retries } = follower(file, { pollMs: 5, retryMaxMs: 40 });
    await f.start();
    await vi.waitFor(() => expect(retries.length).toBeGreaterThanOrEqual(6), { timeout: 5_000 });
    expect(retries.slice(0, 6)).toEqual([10, 20, 40, 40, 40, 40]);
    expect(statuses.every((s) => s === false)).toBe(true);
    await writeFile(file, "1|a\n");
    await vi.waitFor(() => expect(statuses.at(-1)).toBe(true), { timeout: 5_000 });
    await unlink(file);
    await vi.waitFor(() => expect(statuses.at(-1)).toBe(false), { timeout: 5_000 });
    await f.stop();
  });
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
