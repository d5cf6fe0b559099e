import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../shared/snapshot.ts";
import { FIXTURES, fixtureMap, switchFigures } from "./recordings.ts";

const run = promisify(execFile);
const ROOT = path.resolve(FIXTURES, "../../..");

async function replay(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "server/replay.ts", ...args],
      {
        cwd: ROOT,
        maxBuffer: 32 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const pct = (x: number | null): string => ((x ?? 0) * 100).toFixed(1);

// Each case starts a process through tsx: seconds each on a busy machine.
describe("replay command", { timeout: 120_000 }, () => {
  it.each([
    ["AMI", "pause.ami.txt"],
    ["queue_log", "pause.queue_log"],
  ])("prints the snapshot of a %s recording with the switch's figures", async (kind, file) => {
    const args =
      kind === "AMI" ? [path.join(FIXTURES, file)] : ["--queue-log", path.join(FIXTURES, file)];
    const { code, stdout, stderr } = await replay(
      ...args,
      "--map",
      path.join(FIXTURES, "switch-map.json"),
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const snapshot = JSON.parse(stdout) as Snapshot;
    expect(snapshot.definitions).toBe("2");
    expect(snapshot.at).toBe(
      kind === "AMI" ? "2026-11-29T11:02:45.667Z" : "2026-11-29T11:02:45.000Z",
    );
    const map = fixtureMap();
    for (const truth of switchFigures("pause")) {
      const line = snapshot.lines.find((l) => l.id === map.line(truth.queue));
      expect(line, truth.queue).toMatchObject({
        offered: truth.offered,
        answered: truth.answered,
        abandoned: truth.abandoned,
        timedOut: truth.timedOut,
        known: true,
      });
      expect([pct(line?.serviceLevelPerf ?? null), pct(line?.serviceLevelPerf2 ?? null)]).toEqual([
        truth.sl,
        truth.sl2,
      ]);
    }
  });

  it.each(["--help", "-h"])("prints its usage on %s and exits 0", async (flag) => {
    const { code, stdout, stderr } = await replay(flag);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^usage: npm run --silent replay -- \[--queue-log\] FILE/);
    expect(stdout).toContain("--map FILE");
  });

  describe("fails with a clear message and no stack trace", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "samad-replay-"));
      await writeFile(
        path.join(dir, "garbage"),
        Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x0a, 0xc3]),
      );
      await writeFile(
        path.join(dir, "cut.ami.txt"),
        "Asterisk Call Manager/11.0.0\r\nEvent: FullyBooted\r\n\r\nEvent: QueueCallerJoin\r\nQueue: mashhad\r\n",
      );
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    // One process each, so a busy machine slows each case, not one test of five processes.
    it.each([
      ["a missing file", ["missing"], /cannot read .*missing: no such file/],
      ["bytes that are not AMI", ["garbage"], /cannot parse all of it as AMI|no AMI messages/],
      ["a queue_log that is not UTF-8", ["--queue-log", "garbage"], /not valid UTF-8/],
      ["a recording cut short", ["cut.ami.txt"], /an unfinished message at the end/],
      ["no file at all", [], /usage:/],
    ] as const)("on %s", async (_case, names, message) => {
      const args = names.map((name) => (name.startsWith("--") ? name : path.join(dir, name)));
      const { code, stdout, stderr } = await replay(...args);
      expect(code).not.toBe(0);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  });
});
