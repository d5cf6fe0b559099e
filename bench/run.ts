/**
 * Benchmarks, reported as ratios against a baseline measured in the same run (the machines are
 * shared and noisy, so absolute times mean little). Writes bench/results/latest.json.
 *   npm run bench            every benchmark (the Redis one needs Redis on 127.0.0.1:6379)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadReference } from "../server/reference/load-reference.ts";
import { Simulation } from "../server/switches/simulator/simulation.ts";
import { jalaliTimeToMs } from "../shared/tehran-time.ts";
import { benchEventLog } from "./event-log.ts";
import { benchReducer, benchViews } from "./reducer.ts";

const reference = await loadReference(path.resolve(import.meta.dirname, "..", "data"));
const start = jalaliTimeToMs("1405/09/14", "00:00") ?? 0;
const week = new Simulation({ reference, seed: 1, start }).advanceTo(start + 7 * 86_400_000);
const messages = week.map((event) => JSON.stringify(event));

const results = {
  at: new Date().toISOString(),
  node: process.version,
  events: messages.length,
  reducer: benchReducer(reference, messages, start),
  views: benchViews(reference, messages, start),
  eventLog: await benchEventLog(messages).catch((error: unknown) => ({
    skipped: (error as Error).message,
  })),
};

const dir = path.resolve(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "latest.json"), JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
