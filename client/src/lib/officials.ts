/**
 * The officials panel as data: who is shown, in which order, and for how long each has been in
 * their state. Problems rise to the top: an official scheduled now who is not on the line, a long
 * pause, a call ringing unanswered; then those on calls, then those free. Times come from the
 * switch's clock (`at`), never the browser's. Pure.
 */
import type { OfficialThresholds } from "../../../shared/reference.ts";
import type { OfficialView } from "../../../shared/snapshot.ts";

/** Until data/thresholds.json arrives with the reference, no pause or ring is a problem yet. */
const NO_THRESHOLDS: OfficialThresholds = { longPauseSec: Infinity, longRingSec: Infinity };

/** What a row says about the official, worst first. */
export type OfficialCondition =
  | "absent"
  | "long-pause"
  | "long-ring"
  | "unknown"
  | "paused"
  | "ringing"
  | "wrap-up"
  | "on-call"
  | "available";

const RANK: Record<OfficialCondition, number> = {
  absent: 0,
  "long-pause": 1,
  "long-ring": 2,
  unknown: 3,
  paused: 4,
  ringing: 5,
  "wrap-up": 6,
  "on-call": 7,
  available: 8,
};

export interface OfficialRow {
  id: string;
  condition: OfficialCondition;
  /** Seconds in the state now; for an absent official, seconds since the session began. */
  forSec: number;
  official: OfficialView;
}

const seconds = (fromIso: string, atMs: number): number => {
  const from = Date.parse(fromIso);
  return Number.isNaN(from) ? 0 : Math.max(0, Math.floor((atMs - from) / 1000));
};

/** Null when the official is neither on a line nor expected on one: not shown. */
export function officialRow(
  official: OfficialView,
  atMs: number,
  thresholds: OfficialThresholds | null,
): OfficialRow | null {
  const session = official.session;
  const absent = session !== null && !official.lines.includes(session.line);
  if (absent) {
    return { id: official.id, condition: "absent", forSec: seconds(session.from, atMs), official };
  }
  if (official.state === "offline") return null;
  const forSec = seconds(official.stateSince, atMs);
  const t = thresholds ?? NO_THRESHOLDS;
  const condition: OfficialCondition =
    official.state === "paused"
      ? forSec >= t.longPauseSec
        ? "long-pause"
        : "paused"
      : official.state === "ringing"
        ? forSec >= t.longRingSec
          ? "long-ring"
          : "ringing"
        : official.state;
  return { id: official.id, condition, forSec, official };
}

/**
 * The rows to show, worst first and, within a condition, longest first; ties by id so rows do
 * not trade places between updates. `limit` bounds the list to what the panel has room for.
 */
export function officialRows(
  officials: readonly OfficialView[],
  at: string,
  limit: number,
  thresholds: OfficialThresholds | null,
): { rows: OfficialRow[]; hidden: number } {
  const atMs = Date.parse(at);
  const all: OfficialRow[] = [];
  for (const official of officials) {
    const row = officialRow(official, atMs, thresholds);
    if (row) all.push(row);
  }
  all.sort(
    (a, b) =>
      RANK[a.condition] - RANK[b.condition] ||
      b.forSec - a.forSec ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const shown = Math.max(0, limit);
  return { rows: all.slice(0, shown), hidden: Math.max(0, all.length - shown) };
}

/** Conditions drawn as a problem (warning colour and a marker). */
export function isProblem(condition: OfficialCondition): boolean {
  return RANK[condition] <= RANK["long-ring"];
}
