import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
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

describe("replay command", () => {
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

  it("fails with a clear message and no stack trace on a missing file or bytes it cannot parse", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "samad-replay-"));
    try {
      const garbage = path.join(dir, "garbage");
      await writeFile(garbage, Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x0a, 0xc3]));
      const cut = path.join(dir, "cut.ami.txt");
      await writeFile(
        cut,
        "Asterisk Call Manager/11.0.0\r\nEvent: FullyBooted\r\n\r\nEvent: QueueCallerJoin\r\nQueue: mashhad\r\n",
      );
      for (const [args, message] of [
        [[path.join(dir, "missing")], /cannot read .*missing: no such file/],
        [[garbage], /cannot parse all of it as AMI|no AMI messages/],
        [["--queue-log", garbage], /not valid UTF-8/],
        [[cut], /an unfinished message at the end/],
        [[], /usage:/],
      ] as const) {
        const { code, stdout, stderr } = await replay(...args);
        expect(code).not.toBe(0);
        expect(stdout).toBe("");
        expect(stderr).toMatch(message);
        expect(stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
