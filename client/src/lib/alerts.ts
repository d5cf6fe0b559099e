/**
 * The alerts panel as data: the server decides what is an alert and when it clears; the client
 * orders them, words them from the catalogue and bounds the list to what the panel has room for.
 * Pure: names and formats are passed in.
 */
import type { Alert } from "../../../shared/alerts.ts";
import type { Format } from "./format.ts";
import type { Messages } from "./i18n/messages.ts";

/**
 * A switch that is not connected first (every figure is then not live), then callers left alone,
 * callers waiting too long, lost calls, and absences.
 */
const ORDER: Record<Alert["kind"], number> = {
  "switch-down": 0,
  unattended: 1,
  "long-wait": 2,
  "abandon-spike": 3,
  absent: 4,
};

export interface AlertRow {
  id: string;
  kind: Alert["kind"];
  text: string;
  /** How long the condition has held, on the switch's clock, already formatted. */
  since: string;
}

export interface AlertNames {
  county(id: string): string;
  line(id: string): string;
  official(id: string): string;
}

export function alertText(alert: Alert, names: AlertNames, m: Messages, format: Format): string {
  const county = alert.county ? names.county(alert.county) : m.unknown;
  switch (alert.kind) {
    case "switch-down":
      return m.alerts.switchDown;
    case "unattended":
      return m.alerts.unattended(county, format.duration(alert.value));
    case "absent":
      return m.alerts.absent(
        alert.official ? names.official(alert.official) : m.unknown,
        format.number(alert.value),
      );
    case "long-wait":
      return m.alerts.longWait(
        alert.line ? names.line(alert.line) : county,
        format.duration(alert.value),
      );
    case "abandon-spike":
      return m.alerts.abandonSpike(county, format.percent(alert.value));
  }
}

function sinceText(seconds: number, m: Messages, format: Format): string {
  return seconds < 60 ? m.alerts.justNow : m.alerts.since(format.minutes(seconds));
}

export function alertRows(
  alerts: readonly Alert[],
  at: string,
  limit: number,
  names: AlertNames,
  m: Messages,
  format: Format,
): { rows: AlertRow[]; hidden: number } {
  const atMs = Date.parse(at);
  const sorted = [...alerts].sort(
    (a, b) =>
      ORDER[a.kind] - ORDER[b.kind] || a.since.localeCompare(b.since) || (a.id < b.id ? -1 : 1),
  );
  const shown = Math.max(0, limit);
  const rows = sorted.slice(0, shown).map((alert) => ({
    id: alert.id,
    kind: alert.kind,
    text: alertText(alert, names, m, format),
    since: sinceText(Math.max(0, (atMs - Date.parse(alert.since)) / 1000), m, format),
  }));
  return { rows, hidden: Math.max(0, sorted.length - shown) };
}
