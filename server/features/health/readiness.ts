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

/** Not ready until the switch is known to be connected; why, when it is not. */
export function switchCheck(connected: boolean | null): Check {
  if (connected === true) return { name: "switch", ok: true };
  return {
    name: "switch",
    ok: false,
    reason: connected === false ? "switch disconnected" : "switch state unknown",
  };
}

/**
 * The checks of what runs today: the bus is connected, the aggregator flushes (it emits a delta
 * at least once a second while it runs), the switch is connected; then `more`.
 */
export function liveReadiness(parts: {
  bus: { isConnected(): boolean };
  aggregator: {
    onDelta(listener: () => void): () => void;
    snapshot(): { switch: { connected: boolean | null } };
  };
  /** @default 10000 */
  frozenAfterMs?: number;
  more?: Readiness;
}): Readiness {
  let lastFlushAt = Date.now();
  parts.aggregator.onDelta(() => (lastFlushAt = Date.now()));
  return async () => {
    const bus: Check = parts.bus.isConnected()
      ? { name: "bus", ok: true, liveness: true }
      : { name: "bus", ok: false, liveness: true, reason: "bus disconnected" };
    return [
      bus,
      flushCheck(lastFlushAt, Date.now(), parts.frozenAfterMs ?? 10_000),
      switchCheck(parts.aggregator.snapshot().switch.connected),
      ...((await parts.more?.()) ?? []),
    ];
  };
}
