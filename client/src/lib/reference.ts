/**
 * The names the wall shows for the ids a snapshot carries, from `GET /api/v1/reference`. Only the
 * fields the wall reads are checked: the server validated the files against shared/reference.ts,
 * and the client should not ship zod to find out again.
 */
import type { Agency, County, Line, Official, Thresholds } from "../../../shared/reference.ts";
import type { Lang } from "./format.ts";

export const REFERENCE_URL = "/api/v1/reference";
/** data/thresholds.json: what the tiles and the officials panel are judged by. */
export const THRESHOLDS_URL = "/api/v1/thresholds";

export interface ReferenceView {
  counties: County[];
  agencies: Agency[];
  lines: Line[];
  officials: Omit<Official, "switchNames">[];
  thresholds: Thresholds;
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

function namedList(body: Record<string, unknown>, key: string): boolean {
  const list = body[key];
  return Array.isArray(list) && list.every(isNamed);
}

function numbersIn(body: unknown, section: string, keys: readonly string[]): boolean {
  const value = (body as Record<string, unknown> | null)?.[section];
  if (typeof value !== "object" || value === null) return false;
  return keys.every((key) => typeof (value as Record<string, unknown>)[key] === "number");
}

/** The decoded thresholds, or null when a figure the wall reads is missing. */
export function parseThresholds(body: unknown): Thresholds | null {
  if (typeof body !== "object" || body === null) return null;
  const tiles = ["warnWaitSec", "warnAnswerRate", "criticalAnswerRate", "minOutcomes"];
  const officials = ["longPauseSec", "longRingSec"];
  return numbersIn(body, "tiles", tiles) && numbersIn(body, "officials", officials)
    ? (body as Thresholds)
    : null;
}

/** The decoded response bodies, or null when they are not the reference's shapes. */
export function parseReferenceView(body: unknown, thresholdsBody: unknown): ReferenceView | null {
  if (typeof body !== "object" || body === null) return null;
  const record = body as Record<string, unknown>;
  const keys = ["counties", "agencies", "lines", "officials"] as const;
  const thresholds = parseThresholds(thresholdsBody);
  if (!thresholds || !keys.every((key) => namedList(record, key))) return null;
  return { ...(body as Omit<ReferenceView, "thresholds">), thresholds };
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
