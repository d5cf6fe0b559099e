/**
 * The wall's alerts: conditions a supervisor must act on. Each is computed afresh from the live
 * views at every flush, so it appears when its condition holds, stays while it holds and clears by
 * itself; `AlertTracker` remembers since when each has held. Thresholds: data/thresholds.json.
 */
import { attendance } from "./attendance.ts";
import type { IntervalCounts } from "./intervals.ts";
import { intervalView } from "./intervals.ts";
import type { ScheduledSession } from "./schedule.ts";
import type { CountyView, LineView, OfficialView, SwitchHealth } from "./view-types.ts";

export { alertThresholdsSchema, type AlertThresholds } from "./thresholds.ts";
import type { AlertThresholds } from "./thresholds.ts";

export const ALERT_KINDS = [
  "switch-down",
  "unattended",
  "absent",
  "long-wait",
  "abandon-spike",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertCondition {
  /** Stable for as long as the condition holds: kind and subject. */
  id: string;
  kind: AlertKind;
  county: string | null;
  line: string | null;
  official: string | null;
  /** Seconds waited, minutes late, or the abandon rate, by kind; 0 for a switch down. */
  value: number;
}

export interface Alert extends AlertCondition {
  /** ISO time the condition began to hold. */
  since: string;
}

export interface AlertInputs {
  lines: readonly LineView[];
  counties: readonly CountyView[];
  officials: Map<string, OfficialView>;
  sessionsNow: readonly ScheduledSession[];
  /** Each county's counts in the last complete 15-minute interval. */
  lastInterval: Map<string, IntervalCounts>;
  now: number;
  thresholds: AlertThresholds;
  /**
   * The switch as the live state knows it. A switch that is down, or never heard from (`null`),
   * is an alert: every figure on the wall is then not live. Absent: not judged.
   */
  switch?: SwitchHealth;
}

export function alertConditions(input: AlertInputs): AlertCondition[] {
  const { thresholds: t } = input;
  const out: AlertCondition[] = [];
  if (input.switch && input.switch.connected !== true) {
    out.push(condition("switch-down", null, null, null, 0));
  }
  const countyOfLine = new Map(input.lines.map((line) => [line.id, line.county]));
  for (const county of input.counties) {
    if (county.waiting > 0 && county.officials.loggedIn === 0) {
      if (county.longestWaitSec >= t.unattendedAfterSec) {
        out.push(condition("unattended", county.id, null, null, county.longestWaitSec));
      }
    }
  }
  for (const session of input.sessionsNow) {
    // Judged by the inspection's own rule (shared/attendance.ts): present means logged in on the
    // session's line and not paused; the wall knows only whether that holds now.
    const official = input.officials.get(session.official);
    const presentNow =
      official !== undefined &&
      official.lines.includes(session.line) &&
      official.state !== "paused";
    const judged = attendance({
      session,
      presence: presentNow
        ? [
            {
              official: session.official,
              line: session.line,
              from: input.now - 1,
              to: input.now,
              paused: false,
            },
          ]
        : [],
      calls: [],
      asOf: input.now,
      graceMinutes: t.lateLoginMinutes,
    });
    const minutesLate = Math.floor(judged.minutesLate);
    if (judged.arrivedAt === null && minutesLate >= t.lateLoginMinutes) {
      const county = countyOfLine.get(session.line) ?? null;
      out.push(condition("absent", county, session.line, session.official, minutesLate));
    }
  }
  for (const line of input.lines) {
    const limit = t.longWaitSecByLine[line.id] ?? t.longWaitSec;
    if (line.longestWaitSec > limit) {
      out.push(condition("long-wait", line.county, line.id, null, line.longestWaitSec));
    }
  }
  for (const [county, counts] of input.lastInterval) {
    const view = intervalView(counts, 0);
    const outcomes = counts.answered + counts.abandoned - counts.shortAbandoned + counts.timedOut;
    if (view.abandonRate !== null && outcomes >= t.abandonSpikeMinCalls) {
      if (view.abandonRate >= t.abandonSpikeRate) {
        out.push(condition("abandon-spike", county, null, null, view.abandonRate));
      }
    }
  }
  return out;
}

function condition(
  kind: AlertKind,
  county: string | null,
  line: string | null,
  official: string | null,
  value: number,
): AlertCondition {
  const subject = official ?? line ?? county ?? "province";
  return { id: `${kind}:${subject}`, kind, county, line, official, value };
}

/** Remembers since when each alert has held; forgets it as soon as it stops holding. */
export class AlertTracker {
  #since = new Map<string, number>();

  update(conditions: readonly AlertCondition[], now: number): Alert[] {
    const next = new Map<string, number>();
    const alerts = conditions.map((c) => {
      const since = this.#since.get(c.id) ?? now;
      next.set(c.id, since);
      return { ...c, since: new Date(since).toISOString() };
    });
    this.#since = next;
    return alerts;
  }
}
