/**
 * What the probes report. `/healthz` (alive) fails when a liveness check fails: the process is
 * stuck and restarting it helps. `/readyz` (ready to serve) fails when any check fails, each with
 * its reason. The app composes the checks (server/app.ts); later parts add theirs there (event
 * log, leader lease, …).
 */
import type { LiveHealth } from "../../live/live-service.ts";

export interface Check {
  name: string;
  ok: boolean;
  /** Why not, in a few words; absent when ok. */
  reason?: string;
  /** A failure also fails /healthz. @default false */
  liveness?: boolean;
  /** What is worth knowing even when ok: the lease held, events held back, the last entry's age. */
  detail?: string;
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
 * The checks of the live side: the event log is reachable (else the figures are stale, the
 * process still fine), the live figures flush (frozen figures fail /healthz too: restarting
 * helps), the switch is connected; with what is known of the lease, the events the switch runner
 * holds back and the age of the last entry as details; then `more`.
 */
export function liveReadiness(parts: {
  live: { health(): LiveHealth; snapshot(): { switch: { connected: boolean | null } } };
  eventLog: { kind: string; isConnected(): boolean };
  lease: { isLeader(): boolean; shared: boolean };
  runner: () => { buffered: number } | null;
  more?: Readiness;
}): Readiness {
  return async () => {
    const health = parts.live.health();
    const held = parts.runner()?.buffered ?? 0;
    const log: Check = parts.eventLog.isConnected()
      ? { name: "event-log", ok: true, liveness: false, detail: parts.eventLog.kind }
      : {
          name: "event-log",
          ok: false,
          liveness: false,
          reason: `${parts.eventLog.kind} event log unreachable`,
        };
    if (held > 0) log.detail = `${held} events held back until the log is reachable`;
    const live: Check = health.frozen
      ? {
          name: "live",
          ok: false,
          liveness: true,
          reason: `no flush for ${Math.floor(health.lastFlushAgoMs / 1000)} s`,
        }
      : {
          name: "live",
          ok: true,
          liveness: true,
          detail:
            health.lastEntryAgoMs === null
              ? "no entry yet"
              : `last entry ${Math.round(health.lastEntryAgoMs / 1000)} s ago`,
        };
    const lease: Check = {
      name: "lease",
      ok: true,
      detail: !parts.lease.shared
        ? "single instance"
        : parts.lease.isLeader()
          ? "leader"
          : "follower",
    };
    return [
      log,
      live,
      switchCheck(parts.live.snapshot().switch.connected),
      lease,
      ...((await parts.more?.()) ?? []),
    ];
  };
}
