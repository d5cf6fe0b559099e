/**
 * Timing and reporting helpers. The machines are shared and noisy: every figure is the median of
 * several repetitions with its spread, and is set against a baseline measured in the same run.
 */

/** Median of repeated timings, in milliseconds. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: number[]): Spread {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values.length,
  };
}

export function time(run: () => void, repeats = 7): number {
  return median(samples(run, repeats));
}

/** Each repetition's time in milliseconds. */
export function samples(run: () => void, repeats = 7): number[] {
  const out: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const started = performance.now();
    run();
    out.push(performance.now() - started);
  }
  return out;
}

export async function samplesAsync(run: () => Promise<void>, repeats = 5): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const started = performance.now();
    await run();
    out.push(performance.now() - started);
  }
  return out;
}

export async function timeAsync(run: () => Promise<void>, repeats = 5): Promise<number> {
  return median(await samplesAsync(run, repeats));
}

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** One figure of latest.json: what was measured, against what, and whether it meets its target. */
export interface Measurement {
  /** Starts with its section's word: screen, fan-out, ingest, parser, reducer, flush, wall, replay. */
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared with, measured in the same run; null where nothing is. */
  baseline: { what: string; value: number; unit: string } | null;
  /** value ÷ baseline.value (or as `target` says); null without a baseline. */
  ratio: number | null;
  /** In words, e.g. "ratio ≤ 1.5"; null where no target applies. */
  target: string | null;
  met: boolean | null;
  /** The repetitions behind `value` (its median) and their range, in `unit`. */
  spread?: Spread;
  /** Why a target is missed, or what else to know. */
  note?: string;
  /** `value` is a bound the measurement could not see past (a histogram's cap): shown as "≥". */
  atLeast?: boolean;
}

export function measurement(
  m: Omit<Measurement, "ratio" | "met"> & { ratio?: number | null; met?: boolean | null },
): Measurement {
  const ratio =
    m.ratio !== undefined
      ? m.ratio
      : m.baseline && m.baseline.value !== 0
        ? round(m.value / m.baseline.value, 3)
        : null;
  return { ...m, value: round(m.value, 3), ratio, met: m.met ?? null };
}
