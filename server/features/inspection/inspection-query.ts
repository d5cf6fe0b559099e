/**
 * The inspection API's query parameters, checked: Tehran calendar days as Gregorian ISO dates
 * (from and to both included), a grouping, an id, the answer's format and language. A wrong
 * parameter is a 400 whose message names it and the form expected.
 */
import type { Grouping } from "../../../shared/inspection.ts";
import { nextTehranDayStart, tehranToMs } from "../../../shared/tehran-time.ts";

export const GROUPINGS: readonly Grouping[] = ["official", "county", "agency", "line"];

/** The longest period one request may ask for: two years, more than the default retention. */
export const MAX_PERIOD_DAYS = 731;

export interface Period {
  /** As asked, "YYYY-MM-DD". */
  fromDate: string;
  toDate: string;
  /** [from, to) in epoch ms: 00:00 Tehran of `fromDate` to 00:00 Tehran after `toDate`. */
  from: number;
  to: number;
}

export interface Output {
  format: "json" | "csv";
  lang: "en" | "fa";
}

export class QueryError extends Error {
  override name = "QueryError";
}

type Query = Record<string, unknown>;

function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new QueryError(`${name}: give it once`);
  return value;
}

function required(query: Query, name: string, form: string): string {
  const value = text(query, name);
  if (value === undefined || value === "")
    throw new QueryError(`${name}: missing; expected ${form}`);
  return value;
}

/** 00:00 Tehran of a "YYYY-MM-DD" day; throws naming the parameter. */
export function tehranDay(name: string, value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!match || y < 2000 || y > 2100 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new QueryError(
      `${name}: expected a date YYYY-MM-DD (Gregorian, a Tehran day), got "${value}"`,
    );
  }
  return tehranToMs(y, m, d);
}

export function periodOf(query: Query): Period {
  const fromDate = required(query, "from", "a date YYYY-MM-DD");
  const toDate = required(query, "to", "a date YYYY-MM-DD");
  const from = tehranDay("from", fromDate);
  const toDay = tehranDay("to", toDate);
  if (toDay < from) throw new QueryError(`to: ${toDate} is before from: ${fromDate}`);
  const to = nextTehranDayStart(toDay);
  if (to - from > MAX_PERIOD_DAYS * 86_400_000 + 3_600_000) {
    throw new QueryError(`from, to: at most ${MAX_PERIOD_DAYS} days in one request`);
  }
  return { fromDate, toDate, from, to };
}

/** One Tehran day (`date`) as a period. */
export function dayOf(query: Query): Period {
  const date = required(query, "date", "a date YYYY-MM-DD");
  const from = tehranDay("date", date);
  return { fromDate: date, toDate: date, from, to: nextTehranDayStart(from) };
}

export function groupingOf(query: Query): Grouping {
  const by = required(query, "by", GROUPINGS.join("|"));
  if (!(GROUPINGS as readonly string[]).includes(by)) {
    throw new QueryError(`by: expected one of ${GROUPINGS.join(", ")}, got "${by}"`);
  }
  return by as Grouping;
}

/** The id of a row of the grouping; checked against the reference's ids. */
export function idOf(query: Query, known: (id: string) => boolean, by: Grouping): string {
  const id = required(query, "id", `the id of a ${by}`);
  if (!known(id)) throw new QueryError(`id: no ${by} "${id}"`);
  return id;
}

export function outputOf(query: Query): Output {
  const format = text(query, "format") ?? "json";
  if (format !== "json" && format !== "csv") {
    throw new QueryError(`format: expected json or csv, got "${format}"`);
  }
  const lang = text(query, "lang") ?? "en";
  if (lang !== "en" && lang !== "fa")
    throw new QueryError(`lang: expected en or fa, got "${lang}"`);
  return { format, lang };
}
