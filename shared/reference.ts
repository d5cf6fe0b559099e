/**
 * The province's reference data: counties, agencies, lines, officials and the officials' published
 * session schedule. Schemas and cross-checks are pure; server/reference/load.ts reads the files.
 */
import { z } from "zod";
import { parseJalaliDate } from "./jalali.ts";

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "expected a lower-case ASCII slug such as torbat-jam");
const persian = z.string().regex(/[\u0600-\u06FF]/, "expected Persian text");
const english = z.string().min(1);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time HH:MM");

export const countySchema = z.object({
  id: slug,
  fa: persian,
  en: english,
  /** A shorter English form for small places on the wall (a tile), where `en` is long. */
  enShort: english.optional(),
  population: z.number().int().positive(),
  centroidLatLon: z.tuple([z.number().min(30).max(40), z.number().min(54).max(62)]),
  areaKm2: z.number().positive(),
});

export const agencySchema = z.object({ id: slug, fa: persian, en: english });

export const lineSchema = z.object({
  /** The switch's queue name. */
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, "expected a switch queue name"),
  fa: persian,
  en: english,
  county: slug,
  agency: slug.nullable().default(null),
  /** Answered within this many seconds counts toward the service level. */
  serviceLevelSec: z.number().int().positive().max(600).default(20),
  /** An abandon sooner than this is a short abandon, left out of the answer rate. */
  shortAbandonSec: z.number().int().nonnegative().max(120).default(5),
});

export const OFFICIAL_ROLES = [
  "governor-general",
  "deputy-governor-general",
  "governor",
  "director-general",
] as const;

export const officialSchema = z.object({
  id: slug,
  fa: persian,
  en: english,
  role: z.enum(OFFICIAL_ROLES),
  county: slug.nullable().default(null),
  agency: slug.nullable().default(null),
  /** Switch member interfaces or member names that identify this official. */
  switchNames: z.array(z.string().min(1)).default([]),
});

export const sessionSchema = z.object({
  official: slug,
  line: z.string().min(1),
  /** Jalali date, YYYY/MM/DD. */
  date: z.string().refine((s) => parseJalaliDate(s) !== null, "expected a Jalali date YYYY/MM/DD"),
  from: clock,
  to: clock,
});

export {
  officialThresholdsSchema,
  thresholdsSchema,
  tileThresholdsSchema,
  type OfficialThresholds,
  type Thresholds,
  type TileThresholds,
} from "./thresholds.ts";

export type County = z.output<typeof countySchema>;
export type Agency = z.output<typeof agencySchema>;
export type Line = z.output<typeof lineSchema>;
export type Official = z.output<typeof officialSchema>;
export type Session = z.output<typeof sessionSchema>;

/** What `GET /api/v1/reference` returns: names for display; switch names and schedules stay home. */
export interface PublicReference {
  counties: County[];
  agencies: Agency[];
  lines: Line[];
  officials: Omit<Official, "switchNames">[];
}

export interface Reference {
  counties: County[];
  agencies: Agency[];
  lines: Line[];
  officials: Official[];
  sessions: Session[];
}

/** The files of data/, by the name of the collection they hold. */
export const REFERENCE_FILES = {
  counties: "counties.json",
  agencies: "agencies.json",
  lines: "lines.json",
  officials: "officials.json",
  sessions: "sessions.json",
} as const satisfies Record<keyof Reference, string>;

export class ReferenceError extends Error {
  override name = "ReferenceError";
}

const schemas = {
  counties: countySchema,
  agencies: agencySchema,
  lines: lineSchema,
  officials: officialSchema,
  sessions: sessionSchema,
} as const;

function describeEntry(raw: unknown, index: number): string {
  const id =
    raw && typeof raw === "object" && "id" in raw && typeof raw.id === "string" ? raw.id : null;
  return id ? `entry ${index} (id "${id}")` : `entry ${index}`;
}

function parseCollection<K extends keyof Reference>(key: K, raw: unknown): Reference[K] {
  const file = REFERENCE_FILES[key];
  if (!Array.isArray(raw)) throw new ReferenceError(`${file}: expected a JSON array of entries`);
  return raw.map((entry, index) => {
    const result = schemas[key].safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join(".") || "(entry)";
      throw new ReferenceError(
        `${file}: ${describeEntry(entry, index)}: field ${field}: ${issue?.message ?? "invalid"}`,
      );
    }
    return result.data;
  }) as Reference[K];
}

function requireUnique(file: string, entries: { id: string }[]): Set<string> {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.id)) {
      throw new ReferenceError(`${file}: entry ${index} (id "${entry.id}"): field id: duplicate`);
    }
    seen.add(entry.id);
  });
  return seen;
}

function requireKnown(
  file: string,
  index: number,
  field: string,
  value: string | null,
  known: Set<string>,
): void {
  if (value !== null && !known.has(value)) {
    throw new ReferenceError(`${file}: entry ${index}: field ${field}: unknown id "${value}"`);
  }
}

/** Validates the decoded files and the references between them. Throws ReferenceError. */
export function parseReference(raw: Record<keyof Reference, unknown>): Reference {
  const ref: Reference = {
    counties: parseCollection("counties", raw.counties),
    agencies: parseCollection("agencies", raw.agencies),
    lines: parseCollection("lines", raw.lines),
    officials: parseCollection("officials", raw.officials),
    sessions: parseCollection("sessions", raw.sessions),
  };
  const counties = requireUnique(REFERENCE_FILES.counties, ref.counties);
  const agencies = requireUnique(REFERENCE_FILES.agencies, ref.agencies);
  const lines = requireUnique(REFERENCE_FILES.lines, ref.lines);
  const officials = requireUnique(REFERENCE_FILES.officials, ref.officials);
  ref.lines.forEach((line, i) => {
    requireKnown(REFERENCE_FILES.lines, i, "county", line.county, counties);
    requireKnown(REFERENCE_FILES.lines, i, "agency", line.agency, agencies);
  });
  ref.officials.forEach((official, i) => {
    requireKnown(REFERENCE_FILES.officials, i, "county", official.county, counties);
    requireKnown(REFERENCE_FILES.officials, i, "agency", official.agency, agencies);
  });
  ref.sessions.forEach((session, i) => {
    requireKnown(REFERENCE_FILES.sessions, i, "official", session.official, officials);
    requireKnown(REFERENCE_FILES.sessions, i, "line", session.line, lines);
    if (session.to <= session.from) {
      throw new ReferenceError(
        `${REFERENCE_FILES.sessions}: entry ${i}: field to: ends before it starts`,
      );
    }
  });
  return ref;
}
