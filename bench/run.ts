/**
 * `npm run bench`: every figure of issue 13, each against a baseline measured in the same run.
 * Writes bench/results/latest.json, latest.md and history/. Needs Redis (BENCH_REDIS_URL, default
 * redis://127.0.0.1:6379), PostgreSQL (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test; a schema of its own, dropped after) and Chromium
 * (CHROMIUM_PATH, default /usr/bin/chromium).
 *   npm run bench                                   everything (about half an hour)
 *   npm run bench -- --only reducer,flush,replay    some sections
 *   BENCH_QUICK=1 npm run bench                     shorter runs, fewer screens: a smoke test
 *   npm run bench -- --out FILE                     write one JSON file instead (for before.json)
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "redis";
import { loadReference } from "../server/reference/load-reference.ts";
import { Simulation } from "../server/switches/simulator/simulation.ts";
import { jalaliTimeToMs } from "../shared/tehran-time.ts";
import type { Measurement } from "./measure.ts";
import { writeResults, type BenchResults } from "./report.ts";
import { benchIngest } from "./sections/ingest.ts";
import { benchInspection } from "./sections/inspection.ts";
import { benchParser } from "./sections/parser.ts";
import { benchFlush, benchReducer, benchReplay, benchViews } from "./sections/reducer.ts";
import { benchBroadcastModes, benchFanOut } from "./sections/fan-out.ts";
import { benchScreen } from "./sections/screens.ts";
import { benchWall } from "./sections/wall.ts";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option("--only")?.split(",");
const quick = process.env.BENCH_QUICK === "1";
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const wanted = (section: string): boolean => !only || only.includes(section);
const load = (): [number, number, number] =>
  os.loadavg().map((n) => Number(n.toFixed(2))) as [number, number, number];

const loadAverageAtStart = load();
const reference = await loadReference(path.resolve(import.meta.dirname, "..", "data"));
const start = jalaliTimeToMs("1405/09/14", "00:00") ?? 0;
const week = new Simulation({ reference, seed: 1, start }).advanceTo(start + 7 * 86_400_000);
const messages = week.map((event) => JSON.stringify(event));
const days = Array.from({ length: 7 }, (_, d) =>
  week.filter((e) => e.at >= start + d * 86_400_000 && e.at < start + (d + 1) * 86_400_000),
);
const busiest = days.reduce((a, b) => (b.length > a.length ? b : a));
const dayStart = start + days.indexOf(busiest) * 86_400_000;

const measurements: Measurement[] = [];
const sections: Record<string, number> = {};
let chromium: string | null = null;
async function section(name: string, run: () => Promise<Measurement[]> | Measurement[]) {
  if (!wanted(name)) return;
  const started = performance.now();
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const results = await run();
    measurements.push(...results);
    for (const m of results)
      process.stderr.write(`  ${m.name}: ${m.value} ${m.unit} (ratio ${m.ratio})\n`);
  } catch (error) {
    process.stderr.write(`bench: ${name} failed: ${(error as Error).stack}\n`);
    measurements.push({
      name: `${name} failed`,
      value: 0,
      unit: "",
      baseline: null,
      ratio: null,
      target: null,
      met: false,
      note: (error as Error).message,
    });
  }
  sections[name] = (performance.now() - started) / 1000;
}

await section("reducer", () => benchReducer(reference, messages, start));
await section("flush", () => [
  ...benchViews(reference, messages, start),
  ...benchFlush(reference, start),
]);
await section("replay", () => benchReplay(reference, busiest, dayStart));
await section("parser", () => benchParser());
await section("ingest", () => benchIngest(redisUrl, reference, week));
await section("inspection", () => benchInspection({ reference, week, start, postgresUrl, quick }));
let sampleDelta = "";
await section("screen", async () => {
  const result = await benchScreen({
    redisUrl,
    seconds: quick ? 4 : 12,
    repeats: quick ? 1 : 3,
    screens: quick ? 200 : 1000,
  });
  sampleDelta = result.sampleDelta;
  return result.measurements;
});
await section("fan-out", async () => [
  ...(await benchFanOut({
    redisUrl,
    seconds: quick ? 4 : 10,
    fanOutSteps: quick ? [200, 400] : undefined,
  })),
  ...(sampleDelta ? await benchBroadcastModes(sampleDelta, quick ? 4 : 10) : []),
]);
await section("wall", async () => {
  const result = await benchWall({ quick });
  chromium = result.chromium;
  return result.measurements;
});

const redis = await (async () => {
  const client = createClient({ url: redisUrl });
  try {
    await client.connect();
    const info = await client.info("server");
    return /redis_version:(\S+)/.exec(info)?.[1] ?? null;
  } catch {
    return null;
  } finally {
    if (client.isOpen) await client.close();
  }
})();

const results: BenchResults = {
  at: new Date().toISOString(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart,
    loadAverageAtEnd: load(),
    redis,
    chromium,
  },
  sections,
  measurements,
};
const out = option("--out");
const dir = path.resolve(import.meta.dirname, "results");
if (out) writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
else writeResults(dir, only ? keepOthers(results, only) : results);

/** With --only, the figures not measured again stay as the last run had them, marked so. */
function keepOthers(run: BenchResults, sectionsRun: string[]): BenchResults {
  const file = path.join(dir, "latest.json");
  if (!existsSync(file)) return run;
  const last = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  const names = new Set(run.measurements.map((m) => m.name));
  const ran = (m: Measurement): boolean =>
    names.has(m.name) || sectionsRun.some((s) => m.name === `${s} failed`);
  const kept = last.measurements
    .filter((m) => !ran(m))
    .map((m) => ({
      ...m,
      note: [m.note, `from the run of ${last.at}`].filter(Boolean).join("; "),
    }));
  return {
    ...run,
    sections: { ...last.sections, ...run.sections },
    measurements: [...kept, ...run.measurements],
  };
}
process.stderr.write(`bench: done, ${measurements.length} figures\n`);
process.exit(0);
