import { appendFile, mkdtemp, rename, rm, truncate, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FileFollower,
  type FollowerOptions,
} from "../../../../server/switches/queuelog/follower.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "samad-queuelog-"));
});
afterEach(async () => {
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
