import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import { QueueLogAdapter } from "../../../../server/switches/queuelog/adapter.ts";
import { FileFollower } from "../../../../server/switches/queuelog/follower.ts";
import { Counters } from "../../../../server/counters.ts";
import { silentLogger } from "../../../../server/log.ts";
import { fixture, fixtureMap, ourFigures, reduce, switchFigures } from "../recordings.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "samad-queuelog-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function follower(file: string) {
  const lines: string[] = [];
  const notices: string[] = [];
  const statuses: boolean[] = [];
  const f = new FileFollower(
    { path: file, pollMs: 3_600_000 },
    {
      lines: (l) => lines.push(...l),
      notice: (n) => notices.push(n),
      status: (s) => statuses.push(s),
    },
  );
  return { f, lines, notices, statuses };
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
});
