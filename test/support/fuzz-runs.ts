/**
 * Property-based tests run a modest, fixed-seed number of cases in `npm test`, and as many as
 * FUZZ_RUNS says in `npm run fuzz` (with a fresh seed each time unless FUZZ_SEED is given; a
 * failure prints the seed and path that reproduce it).
 */
const env = (name: string): number | null => {
  const raw = process.env[name]?.trim();
  const n = raw ? Number(raw) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** fast-check parameters: `runs` cases with seed 7 in npm test, FUZZ_RUNS in a fuzz run. */
export function fuzz(runs: number): { numRuns: number; seed?: number } {
  const scaled = env("FUZZ_RUNS");
  const seed = env("FUZZ_SEED");
  if (scaled === null) return { numRuns: runs, seed: seed ?? 7 };
  return { numRuns: scaled, ...(seed !== null ? { seed } : {}) };
}
