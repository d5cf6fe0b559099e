/**
 * The names the wall shows for the ids a snapshot carries, from `GET /api/v1/reference`. Only the
 * fields the wall reads are checked: the server validated the files against shared/reference.ts,
 * and the client should not ship zod to find out again.
 */
import type { Agency, County, Line, Official } from "../../../shared/reference.ts";
import type { Lang } from "./format.ts";

export const REFERENCE_URL = "/api/v1/reference";

export interface ReferenceView {
  counties: County[];
  agencies: Agency[];
  lines: Line[];
  officials: Omit<Official, "switchNames">[];
}

interface Named {
  id: string;
  fa: string;
  en: string;
}

function isNamed(value: unknown): value is Named {
  if (typeof value !== "object" || value === null) return false;
  const { id, fa, en } = value as Record<string, unknown>;
  return typeof id === "string" && typeof fa === "string" && typeof en === "string";
}

function namedList(body: Record<string, unknown>, key: keyof ReferenceView): boolean {
  const list = body[key];
  return Array.isArray(list) && list.every(isNamed);
}

/** The decoded response body, or null when it is not the reference shape. */
export function parseReferenceView(body: unknown): ReferenceView | null {
  if (typeof body !== "object" || body === null) return null;
  const record = body as Record<string, unknown>;
  const keys: (keyof ReferenceView)[] = ["counties", "agencies", "lines", "officials"];
  return keys.every((key) => namedList(record, key)) ? (body as ReferenceView) : null;
}

export interface CountyLabel {
  name: string;
  /** Orders counties with equal figures, largest first, so the chart does not shuffle. */
  population: number;
}

export function countyLabels(
  reference: ReferenceView | null,
  lang: Lang,
): Map<string, CountyLabel> {
  const labels = new Map<string, CountyLabel>();
  for (const county of reference?.counties ?? []) {
    labels.set(county.id, { name: county[lang], population: county.population ?? 0 });
  }
  return labels;
}
