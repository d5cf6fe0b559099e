/**
 * What the probes report. `/healthz` (alive) fails when a liveness check fails: the process is
 * stuck and restarting it helps. `/readyz` (ready to serve) fails when any check fails, each with
 * its reason. The app composes the checks (server/app.ts); later parts add theirs there (event
 * log, leader lease, …).
 */
export interface Check {
  name: string;
  ok: boolean;
  /** Why not, in a few words; absent when ok. */
  reason?: string;
  /** A failure also fails /healthz. @default false */
  liveness?: boolean;
}

export type Readiness = () => Promise<readonly Check[]> | readonly Check[];

/** Runs the checks; a check that throws is a failed check, never a failed probe. */
export async function runChecks(readiness: Readiness): Promise<readonly Check[]> {
  try {
    return await readiness();
  } catch (error) {
    return [{ name: "readiness", ok: false, reason: (error as Error).message, liveness: false }];
  }
}

/** Seconds since the aggregator last flushed, judged against the age at which it counts as frozen. */
export function flushCheck(lastFlushAt: number, now: number, frozenAfterMs: number): Check {
  const ageMs = now - lastFlushAt;
  return ageMs <= frozenAfterMs
    ? { name: "aggregator", ok: true, liveness: true }
    : {
        name: "aggregator",
        ok: false,
        liveness: true,
        reason: `no flush for ${Math.floor(ageMs / 1000)} s`,
      };
}
