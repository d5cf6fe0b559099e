/**
 * What the wall tells the room about its own data, worst first. Pure: the live connection passes
 * in what it knows and the time.
 */
import type { Snapshot } from "../../../shared/snapshot.ts";
import type { ServerHealth } from "../../../shared/wire.ts";

/**
 * No message for this long means the data on the wall cannot be trusted as live. The server sends
 * a delta at least once a second, so three missed ones is not just jitter.
 */
export const STALE_AFTER_MS = 4_000;

export type LinkStatus = "connecting" | "live" | "stale" | "disconnected";

export interface LinkFacts {
  connected: boolean;
  hasSnapshot: boolean;
  /** Browser time of the last message from the server; null before the first. */
  lastMessageAt: number | null;
  now: number;
  staleAfterMs?: number;
}

export function linkStatus(facts: LinkFacts): LinkStatus {
  if (!facts.hasSnapshot) return "connecting";
  if (!facts.connected) return "disconnected";
  const silentFor = facts.lastMessageAt === null ? Infinity : facts.now - facts.lastMessageAt;
  return silentFor > (facts.staleAfterMs ?? STALE_AFTER_MS) ? "stale" : "live";
}

/** Which banner, if any, the wall shows: the link first, then the server's own sources. */
export type Banner = "connecting" | "disconnected" | "stale" | "switchDown" | "busDown";

/**
 * A real switch is live only once it has said it is connected: one never heard from (`null`) is
 * as down as one that dropped. The simulator says so at its start (and every few seconds), so a
 * simulated wall is down only when it said it stopped.
 */
export function switchIsDown(snapshot: Snapshot, health: ServerHealth | null): boolean {
  const connected = snapshot.switch.connected;
  return health?.simulation ? connected === false : connected !== true;
}

export function bannerFor(
  status: LinkStatus,
  snapshot: Snapshot | null,
  health: ServerHealth | null,
): Banner | null {
  if (status !== "live") return status;
  // The server cannot read its event log (Redis down): nothing else it says is current.
  if (snapshot?.stale || (health && !health.busConnected)) return "busDown";
  if (snapshot && switchIsDown(snapshot, health)) return "switchDown";
  return null;
}

/** The header's badge: the link, unless the switch is down or the figures are simulated. */
export type Badge = LinkStatus | "switchDown" | "simulation";

export function badgeFor(
  status: LinkStatus,
  banner: Banner | null,
  health: ServerHealth | null,
): Badge {
  if (status !== "live") return status;
  if (banner === "switchDown") return "switchDown";
  if (banner === "busDown") return "stale";
  return health?.simulation ? "simulation" : "live";
}

/** Figures are greyed whenever they may no longer describe the present. */
export function figuresAreStale(banner: Banner | null): boolean {
  return banner !== null && banner !== "connecting";
}
