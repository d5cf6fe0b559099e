/**
 * Restarts change no figure (issue 9): the embedded default, killed with SIGKILL mid-morning and
 * started again on the same state directory, carries on from its event log and its checkpoint,
 * and its simulation from where the log got to; at the end every line's figures equal those of
 * a simulation that never stopped, with no call lost, and its history holds every interval and
 * call that closed, once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alertThresholdsSchema } from "../../shared/alerts.ts";
import { parseSwitchEvent } from "../../shared/events.ts";
import { emptyCounters } from "../../shared/call-counters.ts";
import { reduceEvents } from "../../shared/live-state.ts";
import type { LineCounters, LiveState } from "../../shared/live-types.ts";
import { sumCounters } from "../../shared/metrics.ts";
import type { Reference } from "../../shared/reference.ts";
import { SqlHistory } from "../../server/history/sql-history.ts";
import { SqlLog } from "../../server/events/sql-log.ts";
import { LiveModel } from "../../server/live/live-model.ts";
import { openDatabase } from "../../server/platform/db.ts";
import { Simulation } from "../../server/switches/simulator/simulation.ts";
import { provinceReference } from "../support/reference.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SEED = 11;
const START = "2026-12-01T09:30:00+03:30";
const stateDir = mkdtempSync(path.join(tmpdir(), "samad-restart-"));
const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(stateDir, { recursive: true, force: true });
});

/** The server as `npm start` runs it, on this test's state directory and a fixed simulation. */
function server(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      STATE_DIR: stateDir,
      PORT: "0",
      LOG_LEVEL: "warn",
      CLIENT_DIR: "/nonexistent",
      SIM_SEED: String(SEED),
      SIM_START: START,
      SIM_SPEED: "120",
      SIM_SKIP_IDLE: "false",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      // "the wall is at URL", or, with no built client, "…(CLIENT_DIR): URL answers 404".
      const url = /(?:the wall is at |\(CLIENT_DIR\): )(http:\/\/[^\s]+)/.exec(stderr)?.[1];
      if (url) resolve({ child, url });
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr.trim()}`)));
  });
}

/** The log as it stands, reduced from nothing: what any instance starting now would show. */
async function logNow() {
  const database = await openDatabase({ url: null, stateDir });
  try {
    const log = new SqlLog(database);
    const reference = await provinceReference();
    const model = new LiveModel({
      reference,
      thresholds: alertThresholdsSchema.parse({}),
      epoch: "check",
      now: Date.parse(START),
    });
    for (const entry of await log.read(null, 1_000_000)) model.apply(entry);
    return model.state;
  } finally {
    await database.close();
  }
}

/**
 * The history written across the kill holds every interval and call that closed, each once, with
 * the figures of the simulation that never stopped.
 */
async function expectHistoryOf(truth: LiveState, reference: Reference): Promise<void> {
  const database = await openDatabase({ url: null, stateDir });
  try {
    const history = new SqlHistory(database, { reference });
    const range = { from: Date.parse(START), to: truth.openInterval.start };
    const expected = new Map<string, LineCounters>();
    for (const record of truth.outbox.intervals) {
      if (record.kind !== "line" || record.start >= range.to) continue;
      expected.set(
        record.id,
        sumCounters([expected.get(record.id) ?? emptyCounters(), record.counts]),
      );
    }
    expect(expected.size).toBeGreaterThan(0);
    const stored = await history.sumLines(range, "line");
    for (const [line, counts] of expected) {
      for (const key of Object.keys(counts) as (keyof LineCounters)[]) {
        expect(stored.get(line)?.[key], `${line} ${key}`).toBeCloseTo(counts[key], 6);
      }
    }
    const calls = truth.outbox.calls.filter((c) => c.endedAt < range.to);
    expect(await history.calls(range, { limit: 100_000 })).toHaveLength(calls.length);
  } finally {
    await database.close();
  }
}

/** Asks again until `check` holds, within `timeoutMs`. */
async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const offered = (state: Awaited<ReturnType<typeof logNow>> | null): number =>
  [...(state?.lines.values() ?? [])].reduce((n, line) => n + line.counters.offered, 0);

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
  });

describe("the embedded server across a SIGKILL", { timeout: 120_000 }, () => {
  it("shows, after a restart, exactly the figures of a simulation that never stopped", async () => {
    const first = await server();
    await until(async () => offered(await logNow().catch(() => null)) >= 20, 40_000);
    const before = await logNow();
    first.child.kill("SIGKILL");
    await stopped(first.child);

    const second = await server();
    const offeredBefore = offered(before);
    await until(
      async () => offered(await logNow().catch(() => null)) >= offeredBefore + 20,
      40_000,
    );
    second.child.kill("SIGTERM");
    await stopped(second.child);

    const state = await logNow();
    const lastAt = state.switchTime;
    const reference = await provinceReference();
    const truth = reduceEvents(
      reference,
      new Simulation({ reference, seed: SEED, start: Date.parse(START) })
        .advanceTo(lastAt)
        .map((e) => {
          const parsed = parseSwitchEvent(e);
          if (!parsed.ok) throw new Error(parsed.reason);
          return parsed.event;
        }),
      Date.parse(START),
    );
    for (const [id, line] of truth.lines) {
      const seen = state.lines.get(id)?.counters;
      expect({ id, ...seen }).toMatchObject({
        id,
        offered: line.counters.offered,
        answered: line.counters.answered,
        abandoned: line.counters.abandoned,
        timedOut: line.counters.timedOut,
        completed: line.counters.completed,
      });
    }
    expect(state.lostCalls).toBe(0);
    await expectHistoryOf(truth, reference);
  });
});
