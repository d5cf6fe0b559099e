/**
 * Writes a run's results: bench/results/latest.json and latest.md, and a dated copy under
 * bench/results/history/ so that a regression shows against earlier runs. latest.md sets each
 * figure beside the previous run's and, where bench/results/before.json has it, beside the
 * figure measured on the code before the changes of issue 13.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Measurement } from "./measure.ts";

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  memoryGb: number;
  loadAverageAtStart: [number, number, number];
  loadAverageAtEnd: [number, number, number];
  redis: string | null;
  chromium: string | null;
}

export interface BenchResults {
  at: string;
  machine: Machine;
  /** Wall seconds each section took. */
  sections: Record<string, number>;
  measurements: Measurement[];
}

const SECTIONS = [
  "screen",
  "fan-out",
  "ingest",
  "parser",
  "reducer",
  "flush",
  "wall",
  "replay",
  "inspection",
];

function readResults(file: string): BenchResults | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  } catch {
    return null;
  }
}

export function writeResults(dir: string, results: BenchResults): void {
  const history = path.join(dir, "history");
  mkdirSync(history, { recursive: true });
  const previous = readResults(path.join(dir, "latest.json"));
  const before = readResults(path.join(dir, "before.json"));
  const json = JSON.stringify(results, null, 2) + "\n";
  const stamp = results.at.slice(0, 16).replace(/:/g, "");
  writeFileSync(path.join(history, `${stamp}.json`), json);
  writeFileSync(path.join(dir, "latest.json"), json);
  writeFileSync(path.join(dir, "latest.md"), markdown(results, previous, before));
}

const number = (n: number): string =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString("en") : String(Number(n.toPrecision(3)));

function cell(m: Measurement | undefined): string {
  return m ? `${m.atLeast ? "≥ " : ""}${number(m.value)} ${m.unit}` : "–";
}

export function markdown(
  run: BenchResults,
  previous: BenchResults | null,
  before: BenchResults | null,
) {
  const m = run.machine;
  const byName = (r: BenchResults | null) =>
    new Map((r?.measurements ?? []).map((x) => [x.name, x]));
  const prev = byName(previous);
  const old = byName(before);
  const lines = [
    "# Benchmark results",
    "",
    `Run ${run.at} by \`npm run bench\`. Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}, ` +
      `Redis ${m.redis ?? "–"}, Chromium ${m.chromium ?? "–"}. Load average at start ${m.loadAverageAtStart.join(" / ")}, ` +
      `at end ${m.loadAverageAtEnd.join(" / ")} (1 / 5 / 15 min).`,
    "",
    "**The machine is shared with other agents**, so absolute times drift from run to run: every figure is the median " +
      "of several repetitions, with their range, and is set against a baseline measured side by side in the same run; " +
      "the ratios hold better than the times. `met` is ✓ or ✗ against the issue's target, – where none applies.",
    "",
    "What the figures mean, what changed against the code before issue 13 (the last column, from " +
      "`before.json`) and why the targets still missed are missed, with the profiles: [analysis.md](analysis.md).",
    "",
  ];
  for (const section of SECTIONS) {
    const rows = run.measurements.filter((x) => x.name.startsWith(`${section} `));
    if (rows.length === 0) continue;
    lines.push(`## ${section}`, "");
    lines.push(
      "| figure | value | range | baseline | ratio | target | met | previous run | before #13 |",
    );
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const row of rows) {
      const range = row.spread
        ? `${number(row.spread.min)}–${number(row.spread.max)} (${row.spread.runs} runs)`
        : "";
      const baseline = row.baseline
        ? `${number(row.baseline.value)} ${row.baseline.unit}: ${row.baseline.what}`
        : "–";
      const met = row.met === null ? "–" : row.met ? "✓" : "✗";
      lines.push(
        `| ${row.name} | ${cell(row)} | ${range} | ${baseline} | ${row.ratio ?? "–"} | ${row.target ?? "–"} | ${met} | ${cell(prev.get(row.name))} | ${cell(old.get(row.name))} |`,
      );
    }
    const notes = rows.filter((r) => r.note);
    if (notes.length) {
      lines.push("");
      for (const r of notes) lines.push(`- ${r.name}: ${r.note}`);
    }
    lines.push("");
  }
  const seconds = Object.entries(run.sections).map(([s, t]) => `${s} ${Math.round(t)} s`);
  lines.push(`Sections took ${seconds.join(", ")}.`, "");
  return lines.join("\n");
}
