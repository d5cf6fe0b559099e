/**
 * The inspection API as the pages read it (docs/api.md): the summary of a period by official,
 * county, agency or line, the sessions with their attendance, a day's abandoned calls, and for one
 * row its 15-minute intervals and its calls. Each answers as CSV too, with the same rows. The
 * shapes (shared/inspection.ts, the server's own) and addresses only: inspect-api.ts fetches.
 */
import type { Period } from "../../../shared/periods.ts";
import type { Grouping } from "../../../shared/inspection.ts";
import type { Lang } from "../lib/format.ts";

export type {
  CallRow,
  Definitions,
  Grouping,
  IntervalRow,
  OfficialIntervalRow,
  SessionRow,
  SummaryResponse as Summary,
  SummaryRow,
} from "../../../shared/inspection.ts";

export const GROUPINGS = ["official", "county", "agency", "line"] as const satisfies Grouping[];

const BASE = "/api/v1/inspection";

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) search.set(key, value);
  return search.toString();
}

/** The address of a table: JSON, or CSV in the page's language for the download buttons. */
export function inspectionUrl(
  table: "summary" | "sessions" | "abandoned" | "intervals" | "calls",
  params: { period?: Period; date?: string; by?: Grouping; id?: string },
  csv?: { lang: Lang },
): string {
  return `${BASE}/${table}?${query({
    from: params.period?.from,
    to: params.period?.to,
    date: params.date,
    by: params.by,
    id: params.id,
    format: csv ? "csv" : undefined,
    lang: csv?.lang,
  })}`;
}
