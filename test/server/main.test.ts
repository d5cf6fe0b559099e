/** The start command as a user meets it: wrong settings stop it with a message, not a stack. */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_DIR } from "../support/reference.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", PORT: "0", ...env },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), 15_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("server start", () => {
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
    expect(code).toBe(1);
    expect(stderr).toMatch(/lines\.json: entry 4 \(id "torbat-jam"\): field serviceLevelSec/);
  });

  it("stops with a clear message when Redis does not answer", async () => {
    const { code, stderr } = await start({ REDIS_URL: "redis://127.0.0.1:1" });
    expect(code).toBe(1);
    expect(stderr).toContain("cannot connect to Redis at REDIS_URL");
  });
});
