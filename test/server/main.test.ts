/** The start command as a user meets it: wrong settings stop it with a message, not a stack. */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DATA_DIR } from "../support/reference.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

/**
 * Runs the server until it exits, or until `until` finds what it waits for in stderr, then stops
 * it. No timer: on a busy machine the start takes longer, and the test's own timeout bounds it.
 */
function start(
  env: Record<string, string>,
  until?: RegExp,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", PORT: "0", ...env },
    });
    running.add(child);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (until?.test(stderr)) child.kill("SIGTERM");
    });
    child.on("exit", (code) => {
      running.delete(child);
      resolve({ code, stderr });
    });
  });
}

describe("server start", { timeout: 60_000 }, () => {
  it("stops on a wrong variable, naming it and the expected form", async () => {
    const { code, stderr } = await start({ SIM_SPEED: "fast" });
    expect(code).toBe(1);
    expect(stderr).toContain('SIM_SPEED must be a number from 0.1 to 1000; got "fast"');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("stops on a bad data file, naming the file, the entry and the field", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "samad-data-"));
    cpSync(DATA_DIR, dir, { recursive: true });
    const lines = JSON.parse(readFileSync(path.join(dir, "lines.json"), "utf8")) as {
      serviceLevelSec: unknown;
    }[];
    (lines[4] as { serviceLevelSec: unknown }).serviceLevelSec = "twenty";
    writeFileSync(path.join(dir, "lines.json"), JSON.stringify(lines));
    const { code, stderr } = await start({ DATA_DIR: dir });
    rmSync(dir, { recursive: true });
    expect(code).toBe(1);
    expect(stderr).toMatch(/lines\.json: entry 4 \(id "torbat-jam"\): field serviceLevelSec/);
  });

  it("says at start, on the console, that the wall is not built when CLIENT_DIR has none", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "samad-client-"));
    const { stderr } = await start({ CLIENT_DIR: empty }, /answers 404/);
    expect(stderr).toContain(`no built wall in ${empty} (CLIENT_DIR)`);
    expect(stderr).toMatch(/run npm run build, or set CLIENT_DIR/);
    rmSync(empty, { recursive: true });
  });

  it("stops with a clear message when Redis does not answer", async () => {
    const { code, stderr } = await start({ REDIS_URL: "redis://127.0.0.1:1" });
    expect(code).toBe(1);
    expect(stderr).toContain("cannot connect to Redis at REDIS_URL");
  });
});
