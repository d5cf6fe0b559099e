/**
 * Where supervisors feel it: from an event made by the switch adapter to a screen holding the
 * delta that contains it, with 1,000 socket.io screens in other processes keeping their copy as
 * the wall does, at 100, 1,000 and 5,000 events a second; and the bytes of each delta against the
 * snapshot's.
 */
import { randomUUID } from "node:crypto";
import { measurement, spread, type Measurement } from "../measure.ts";
import type { RunReport } from "../support/server-child.ts";
import {
  dropStream,
  HISTOGRAM_MS,
  INTERVAL_MS,
  Screens,
  startSamad,
  type Latency,
  type ScreenOptions,
} from "../support/screens.ts";

/** Event to screen at each rate, with the wall's own merging on every screen. */
export async function benchScreen(options: ScreenOptions): Promise<{
  measurements: Measurement[];
  sampleDelta: string;
}> {
  const seconds = options.seconds ?? 12;
  const repeats = options.repeats ?? 3;
  const count = options.screens ?? 1000;
  const prefix = `bench:${randomUUID()}:`;
  const { server, url, token } = await startSamad(options.redisUrl, prefix);
  const screens = await Screens.open(url, count, "sync", false, token);
  const out: Measurement[] = [];
  let sampleDelta = "{}";
  try {
    for (const rate of [100, 1000, 5000]) {
      const runs: Run[] = [];
      for (let r = 0; r < repeats; r += 1) {
        await screens.reset();
        const report = await server.request<RunReport>({ cmd: "run", rate, seconds });
        const latency = await screens.latency({ joins: report.joins });
        const sorted = [...report.deltaBytes].sort((a, b) => a - b);
        runs.push({
          ...latency,
          serverP99: report.serverP99,
          lateFlushes: report.lateFlushes,
          deltaBytes: sorted[Math.floor(sorted.length / 2)] ?? 0,
          snapshotBytes: report.snapshotBytes,
        });
        if (rate === 100) sampleDelta = report.sampleDelta;
      }
      out.push(...screenFigures(rate, count, runs));
    }
  } finally {
    await screens.close();
    await server.stop();
    await dropStream(options.redisUrl, prefix);
  }
  return { measurements: out, sampleDelta };
}

type Run = Latency & {
  deltaBytes: number;
  snapshotBytes: number;
  serverP99: number;
  lateFlushes: number;
};

function screenFigures(rate: number, screens: number, runs: Run[]): Measurement[] {
  const interval = { what: "the coalescing interval", value: INTERVAL_MS, unit: "ms" };
  const missing = runs.reduce((n, r) => n + r.missing, 0);
  const label = `${rate.toLocaleString("en")} events/s, ${screens.toLocaleString("en")} screens`;
  const p99 = spread(runs.map((r) => r.p99));
  // A median at the histogram's cap is a bound: more than half the runs saw nothing below it.
  const atCap = (key: "p50AtCap" | "p99AtCap"): boolean =>
    runs.filter((r) => r[key]).length > runs.length / 2;
  const disconnected = Math.max(...runs.map((r) => r.disconnected));
  const deltaBytes = spread(runs.map((r) => r.deltaBytes));
  const snapshotBytes = spread(runs.map((r) => r.snapshotBytes));
  return [
    measurement({
      name: `screen p50, ${label}`,
      value: spread(runs.map((r) => r.p50)).median,
      unit: "ms",
      baseline: interval,
      target: null,
      spread: spread(runs.map((r) => r.p50)),
      atLeast: atCap("p50AtCap"),
    }),
    measurement({
      name: `screen p99, ${label}`,
      value: p99.median,
      unit: "ms",
      baseline: interval,
      target: rate === 1000 ? "ratio ≤ 1.5" : null,
      met: rate === 1000 ? p99.median <= 1.5 * INTERVAL_MS : null,
      spread: p99,
      atLeast: atCap("p99AtCap"),
      note:
        `of which made → sent by the server: p99 ${spread(runs.map((r) => r.serverP99)).median.toFixed(0)} ms; ` +
        `${runs.reduce((n, r) => n + r.lateFlushes, 0)} flushes ran late` +
        (missing ? `; ${missing} event×screen pairs never arrived` : "") +
        (atCap("p99AtCap") ? `; p99 at the ${HISTOGRAM_MS} ms histogram cap: a bound` : "") +
        (disconnected ? `; ${disconnected} screens cut off by the server` : ""),
    }),
    measurement({
      name: `screen max, ${label}`,
      value: spread(runs.map((r) => r.max)).median,
      unit: "ms",
      baseline: interval,
      target: null,
      spread: spread(runs.map((r) => r.max)),
    }),
    measurement({
      name: `screen bytes per delta, ${rate.toLocaleString("en")} events/s`,
      value: deltaBytes.median,
      unit: "B",
      baseline: {
        what: "the snapshot at the end of the run",
        value: snapshotBytes.median,
        unit: "B",
      },
      target: rate === 1000 ? "ratio < 0.10" : null,
      met: rate === 1000 ? deltaBytes.median < 0.1 * snapshotBytes.median : null,
      spread: deltaBytes,
    }),
  ];
}
