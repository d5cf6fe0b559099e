/**
 * The inspection page's choices in its address (`?period=last-week&by=county`, or
 * `?from=…&to=…` for a custom range), so a view can be bookmarked, shared and reloaded. Pure.
 */
import {
  isIsoDay,
  periodOf,
  periodProblem,
  weekOf,
  type Period,
  type PeriodKind,
} from "../../../shared/periods.ts";
import { GROUPINGS, type Grouping } from "./inspect-types.ts";

export interface PageChoice {
  kind: PeriodKind;
  period: Period;
  by: Grouping;
}

const PRESETS = ["today", "this-week", "last-week", "this-month"] as const;

export function readChoice(search: string, nowMs: number): PageChoice {
  const query = new URLSearchParams(search);
  const byText = query.get("by");
  const by = GROUPINGS.find((g) => g === byText) ?? "official";
  const from = query.get("from");
  const to = query.get("to");
  if (from && to && isIsoDay(from) && isIsoDay(to) && !periodProblem({ from, to })) {
    return { kind: "custom", period: { from, to }, by };
  }
  const preset = PRESETS.find((p) => p === query.get("period")) ?? "this-week";
  return { kind: preset, period: periodOf(preset, nowMs), by };
}

/** The query for a choice, keeping the other parameters (the language) as they were. */
export function writeChoice(search: string, choice: PageChoice): string {
  const query = new URLSearchParams(search);
  for (const key of ["period", "from", "to", "by"]) query.delete(key);
  if (choice.kind === "custom") {
    query.set("from", choice.period.from);
    query.set("to", choice.period.to);
  } else query.set("period", choice.kind);
  query.set("by", choice.by);
  return `?${query.toString()}`;
}

/** The weekly account's week from `?week=` (any day of it), else last week. */
export function readWeek(search: string, nowMs: number): Period {
  const day = new URLSearchParams(search).get("week");
  return day && isIsoDay(day) ? weekOf(day) : periodOf("last-week", nowMs);
}

export function writeWeek(search: string, week: Period): string {
  const query = new URLSearchParams(search);
  query.set("week", week.from);
  return `?${query.toString()}`;
}
