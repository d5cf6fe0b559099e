/**
 * What the line-control page shows, from the wall's snapshot: each line with its officials, the
 * lines that need someone now on top, filtered by county and agency. Pure: no DOM, no clock.
 */
import type { LineView, OfficialView, Snapshot } from "../../../shared/snapshot.ts";

export interface ControlLine {
  line: LineView;
  members: OfficialView[];
  /** Callers waiting with nobody available, or a scheduled official not logged in. */
  urgent: boolean;
}

export interface LineFilter {
  county: string | null;
  agency: string | null;
}

export function urgent(line: LineView): boolean {
  const { waiting, officials } = line;
  return (waiting > 0 && officials.available === 0) || officials.scheduled > officials.loggedIn;
}

export function controlLines(
  snapshot: Snapshot,
  filter: LineFilter,
  name: (line: string) => string,
): ControlLine[] {
  const byLine = new Map<string, OfficialView[]>();
  for (const official of snapshot.officials)
    for (const line of official.lines) byLine.set(line, [...(byLine.get(line) ?? []), official]);
  return snapshot.lines
    .filter((line) => line.known)
    .filter((line) => !filter.county || line.county === filter.county)
    .filter((line) => !filter.agency || line.agency === filter.agency)
    .map((line) => ({ line, members: byLine.get(line.id) ?? [], urgent: urgent(line) }))
    .sort(
      (a, b) =>
        Number(b.urgent) - Number(a.urgent) ||
        b.line.waiting - a.line.waiting ||
        name(a.line.id).localeCompare(name(b.line.id)),
    );
}
