/**
 * The published timetable as citizens read it: the sessions of a period grouped by county (the
 * governorates' lines) and by agency (the agencies' lines, the governorate-general's among them),
 * with only what is published — who, on which line, when. Pure.
 */
import type { Reference } from "./reference.ts";
import type { ScheduledSession } from "./schedule.ts";

interface Named {
  id: string;
  fa: string;
  en: string;
}

export interface PublicSession {
  official: Named;
  line: Named;
  start: number;
  end: number;
}

export interface PublicGroup {
  kind: "county" | "agency";
  id: string;
  fa: string;
  en: string;
  /** The county whose iCalendar feed holds this group's sessions. */
  county: string;
  sessions: PublicSession[];
}

export interface PublicSchedule {
  counties: PublicGroup[];
  agencies: PublicGroup[];
}

const named = ({ id, fa, en }: Named): Named => ({ id, fa, en });

export function publicSchedule(
  sessions: readonly ScheduledSession[],
  reference: Pick<Reference, "counties" | "agencies" | "lines" | "officials">,
): PublicSchedule {
  const lines = new Map(reference.lines.map((l) => [l.id, l]));
  const officials = new Map(reference.officials.map((o) => [o.id, o]));
  const groups = new Map<string, PublicGroup>();
  const groupOf = (kind: PublicGroup["kind"], entry: Named, county: string): PublicGroup => {
    const key = `${kind}:${entry.id}`;
    let group = groups.get(key);
    if (!group) {
      group = { kind, ...named(entry), county, sessions: [] };
      groups.set(key, group);
    }
    return group;
  };
  const counties = new Map(reference.counties.map((c) => [c.id, c]));
  const agencies = new Map(reference.agencies.map((a) => [a.id, a]));
  for (const session of sessions) {
    const line = lines.get(session.line);
    const official = officials.get(session.official);
    // A session whose line or official left the reference data is not published.
    if (!line || !official) continue;
    const agency = line.agency ? agencies.get(line.agency) : null;
    const county = counties.get(line.county);
    const group = agency
      ? groupOf("agency", agency, line.county)
      : county
        ? groupOf("county", county, county.id)
        : null;
    group?.sessions.push({
      official: named(official),
      line: named(line),
      start: session.start,
      end: session.end,
    });
  }
  const ordered = (kind: PublicGroup["kind"], order: readonly Named[]) =>
    order.flatMap((entry) => {
      const group = groups.get(`${kind}:${entry.id}`);
      if (!group) return [];
      group.sessions.sort(
        (a, b) => a.start - b.start || a.official.id.localeCompare(b.official.id),
      );
      return [group];
    });
  return {
    counties: ordered("county", reference.counties),
    agencies: ordered("agency", reference.agencies),
  };
}

/** The sessions on a county's lines, governorate's and agencies' alike: its calendar feed. */
export function sessionsOfCounty(
  sessions: readonly ScheduledSession[],
  county: string,
  reference: Pick<Reference, "lines">,
): ScheduledSession[] {
  const inCounty = new Set(reference.lines.filter((l) => l.county === county).map((l) => l.id));
  return sessions.filter((s) => inCounty.has(s.line));
}
