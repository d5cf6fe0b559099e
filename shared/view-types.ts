/**
 * The views clients see of lines, counties and officials, in a module of their own so that the
 * alerts, which read them, and the snapshot, which carries the alerts, import no cycle.
 */
import type { OfficialState } from "./events.ts";
import type { CallFigures } from "./metrics.ts";

export interface OfficialCounts {
  loggedIn: number;
  /** Members since before the switch restarted, not reported again: not counted as logged in. */
  unknown: number;
  available: number;
  onCall: number;
  paused: number;
  /** Officials whose published session on these lines is on now. */
  scheduled: number;
}

export interface Figures extends CallFigures {
  waiting: number;
  longestWaitSec: number;
  officials: OfficialCounts;
}

export interface LineView extends Figures {
  id: string;
  county: string | null;
  agency: string | null;
  known: boolean;
}

export interface CountyView extends Figures {
  id: string;
}

export interface OfficialView {
  id: string;
  name: string;
  lines: string[];
  state: OfficialState;
  /** ISO time the official entered this state. */
  stateSince: string;
  pausedReason: string | null;
  answered: number;
  /** The line of the call being offered or talked to. */
  callLine: string | null;
  known: boolean;
  /** The official's published session going on now, if any. */
  session: { line: string; from: string; to: string } | null;
}

export interface SwitchHealth {
  connected: boolean | null;
  detail: string;
  /** ISO time of the last event from the switch. */
  lastEventAt: string | null;
}
