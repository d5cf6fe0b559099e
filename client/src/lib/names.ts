/**
 * The names the wall shows for the ids in a snapshot, in the wall's language, from the reference
 * data. Until the reference arrives, or for an id it does not know (an unmapped switch member),
 * the wall shows what the snapshot itself carries rather than nothing.
 */
import type { Lang } from "./format.ts";
import type { ReferenceView } from "./reference.ts";

export interface WallNames {
  county(id: string): string;
  /** The county's name where room is small (a tile): the short English form where there is one. */
  countyShort(id: string): string;
  /**
   * A line as the wall names it in little room (an alert): its agency, or its county for a
   * governor's line; "Mashhad governorate line" says no more than "Mashhad" there.
   */
  line(id: string): string;
  /** `fallback` is the name the snapshot carries (Persian) for officials the reference lacks. */
  official(id: string, fallback?: string): string;
  /** The county a line serves, for alerts that name only a line. */
  lineCounty(id: string): string | null;
  /** The county or agency an official answers for, shown under the name. */
  officialUnit(id: string): string | null;
}

export function wallNames(reference: ReferenceView | null, lang: Lang): WallNames {
  const counties = new Map(reference?.counties.map((c) => [c.id, c[lang]]));
  const short = new Map(
    reference?.counties.map((c) => [c.id, lang === "en" ? (c.enShort ?? c.en) : c.fa]),
  );
  const agencies = new Map(reference?.agencies.map((a) => [a.id, a[lang]]));
  const lines = new Map(reference?.lines.map((l) => [l.id, l]));
  const officials = new Map(reference?.officials.map((o) => [o.id, o]));
  return {
    county: (id) => counties.get(id) ?? id,
    countyShort: (id) => short.get(id) ?? id,
    line(id) {
      const line = lines.get(id);
      if (!line) return id;
      const unit = line.agency ? agencies.get(line.agency) : counties.get(line.county);
      return unit ?? line[lang];
    },
    official: (id, fallback) => officials.get(id)?.[lang] ?? fallback ?? id,
    lineCounty: (id) => lines.get(id)?.county ?? null,
    officialUnit(id) {
      const official = officials.get(id);
      if (!official) return null;
      const agency = official.agency ? agencies.get(official.agency) : undefined;
      return agency ?? (official.county ? (counties.get(official.county) ?? null) : null);
    },
  };
}
