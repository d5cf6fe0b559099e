/**
 * The inspection table's columns, how each figure reads, and the order rows sort in. Pure: the
 * table component only renders what this decides, and the CSV the server writes holds the same
 * fields.
 */
import type { Format } from "../lib/format.ts";
import type { Grouping, SummaryRow } from "./inspect-types.ts";

/** The figures the table shows, each a number (or null: no figure) in every row. */
export type SummaryField =
  | "offered"
  | "answered"
  | "abandoned"
  | "shortAbandoned"
  | "timedOut"
  | "leftUnanswered"
  | "answerRate"
  | "serviceLevel"
  | "serviceLevelPerf"
  | "asaSec"
  | "avgTalkSec"
  | "longestWaitSec"
  | "scheduledMinutes"
  | "presentMinutes"
  | "sessionsKept"
  | "sessionsLate"
  | "sessionsMissed"
  | "answeredByOfficial";
export type FigureKind = "count" | "percent" | "duration" | "minutes";

export interface SummaryColumn {
  field: SummaryField;
  kind: FigureKind;
  /** A higher figure is worse (sorts worst first when first clicked). */
  worseHigh: boolean;
  /** Only officials have it: the calls they answered in person, on any line. */
  officialOnly?: boolean;
}

const column = (field: SummaryField, kind: FigureKind, worseHigh = false): SummaryColumn => ({
  field,
  kind,
  worseHigh,
});

/** The row's figure for a column; null when the row has none. */
export const figureOf = (row: SummaryRow, field: SummaryField): number | null => row[field] ?? null;

/** In the order the issue lists them: calls, then ratios and times, then the schedule. */
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  column("offered", "count"),
  column("answered", "count"),
  column("abandoned", "count", true),
  column("shortAbandoned", "count"),
  column("timedOut", "count", true),
  column("answerRate", "percent"),
  column("serviceLevel", "percent"),
  column("serviceLevelPerf", "percent"),
  column("asaSec", "duration", true),
  column("avgTalkSec", "duration"),
  column("longestWaitSec", "duration", true),
  column("scheduledMinutes", "minutes"),
  column("presentMinutes", "minutes"),
  column("sessionsKept", "count"),
  column("sessionsLate", "count", true),
  column("sessionsMissed", "count", true),
  { ...column("answeredByOfficial", "count"), officialOnly: true },
];

/** The columns of a grouping: an official's own answered calls only by official. */
export const columnsFor = (by: Grouping): SummaryColumn[] =>
  SUMMARY_COLUMNS.filter((c) => !c.officialOnly || by === "official");

export function formatFigure(value: number | null, kind: FigureKind, format: Format): string {
  if (value === null) return "—";
  switch (kind) {
    case "count":
      return format.number(value);
    case "percent":
      return format.percent(value);
    case "duration":
      return format.duration(value);
    case "minutes":
      return format.number(Math.round(value));
  }
}

export type SortKey = "name" | SummaryField;
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/** The order a first click on a column gives: worst first, names from A. */
export function firstOrder(key: SortKey): SortOrder {
  if (key === "name") return { key, descending: false };
  const known = SUMMARY_COLUMNS.find((c) => c.field === key);
  // A ratio's worst is its lowest; a count of failures' worst its highest.
  return { key, descending: known ? known.worseHigh || known.kind === "count" : true };
}

/** A click on a column: the same column flips, another starts at its first order. */
export function nextOrder(current: SortOrder, key: SortKey): SortOrder {
  return current.key === key ? { key, descending: !current.descending } : firstOrder(key);
}

/**
 * Rows in the order asked; a row with no figure (null) goes last either way, and ties keep the
 * names' order so the table never shuffles between two loads.
 */
export function sortRows(
  rows: readonly SummaryRow[],
  order: SortOrder,
  nameOf: (id: string) => string,
  collator: Intl.Collator,
): SummaryRow[] {
  const byName = (a: SummaryRow, b: SummaryRow) => collator.compare(nameOf(a.id), nameOf(b.id));
  const sign = order.descending ? -1 : 1;
  const key = order.key;
  if (key === "name") return [...rows].sort((a, b) => sign * byName(a, b));
  return [...rows].sort((a, b) => {
    const x = figureOf(a, key);
    const y = figureOf(b, key);
    if (x === null || y === null) {
      if (x === y) return byName(a, b);
      return x === null ? 1 : -1;
    }
    return x === y ? byName(a, b) : sign * (x - y);
  });
}

const ADDED: readonly SummaryField[] = [
  "offered",
  "answered",
  "abandoned",
  "shortAbandoned",
  "timedOut",
  "leftUnanswered",
  "scheduledMinutes",
  "presentMinutes",
  "sessionsKept",
  "sessionsLate",
  "sessionsMissed",
  "answeredByOfficial",
];

/**
 * The counts of all rows added up, for the table's footer; ratios and means are not averaged
 * from rows (their parts are not in the summary), so they stay empty.
 */
export function totalOf(rows: readonly SummaryRow[]): Partial<Record<SummaryField, number>> {
  const total: Partial<Record<SummaryField, number>> = {};
  for (const field of ADDED)
    total[field] = rows.reduce((sum, row) => sum + (figureOf(row, field) ?? 0), 0);
  total.longestWaitSec = rows.reduce((max, row) => Math.max(max, row.longestWaitSec), 0);
  return total;
}
