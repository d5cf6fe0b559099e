/**
 * The names of the summary's rows in the page's language, from `GET /api/v1/reference`. An id the
 * reference does not know shows as itself rather than as nothing.
 */
import type { Official, PublicReference } from "../../../shared/reference.ts";
import type { Lang } from "../lib/format.ts";
import type { Grouping } from "./inspect-types.ts";

export interface GroupNames {
  of(by: Grouping, id: string): string;
  /** The line as a caller would know it: its agency, or its county for a governor's line. */
  line(id: string): string;
  official(id: string | null): string;
  county(id: string): string;
  roleOf(official: string): Official["role"] | null;
  countyIds: string[];
}

export function groupNames(reference: PublicReference | null, lang: Lang): GroupNames {
  const named = <T extends { id: string; fa: string; en: string }>(list: T[] | undefined) =>
    new Map((list ?? []).map((item) => [item.id, item[lang]]));
  const counties = named(reference?.counties);
  const agencies = named(reference?.agencies);
  const lines = named(reference?.lines);
  const officials = named(reference?.officials);
  const roles = new Map(reference?.officials.map((o) => [o.id, o.role]));
  const maps: Record<Grouping, Map<string, string>> = {
    official: officials,
    county: counties,
    agency: agencies,
    line: lines,
  };
  return {
    of: (by, id) => maps[by].get(id) ?? id,
    line: (id) => lines.get(id) ?? id,
    official: (id) => (id === null ? "—" : (officials.get(id) ?? id)),
    county: (id) => counties.get(id) ?? id,
    roleOf: (id) => roles.get(id) ?? null,
    countyIds: [...counties.keys()],
  };
}
