/**
 * Every string of the inspection pages. A message that embeds a value takes it already formatted
 * for the catalogue's language (digits, dates).
 */
import type { AttendanceStatus } from "../../../shared/attendance.ts";
import type { CallOutcome } from "../../../shared/live-types.ts";
import type { PeriodKind } from "../../../shared/periods.ts";
import type { Grouping } from "./inspect-types.ts";
import type { SummaryField } from "./summary-table.ts";

export interface WeekHeadline {
  week: string;
  governors: string;
  agencyHeads: string;
  governorGeneral: string;
  held: string;
  scheduled: string;
  counties: string;
}

export interface InspectMessages {
  title: string;
  weekTitle: string;
  heading: string;
  weekHeading: string;
  period: Record<PeriodKind, string>;
  periodLabel: string;
  from: string;
  to: string;
  apply: string;
  badDate: string;
  badOrder: string;
  tooLong: string;
  grouping: string;
  groupings: Record<Grouping, string>;
  columns: Record<SummaryField, string>;
  /** The column of names, per grouping. */
  nameColumn: Record<Grouping, string>;
  total: string;
  sortBy: (column: string) => string;
  definitions: (version: string) => string;
  definitionsIntro: string;
  /** Each figure's formula; `grace` is the minutes a session may start late or end early. */
  formulas: (grace: string) => { name: string; formula: string }[];
  exportCsv: string;
  print: string;
  saveImage: string;
  loading: string;
  failed: string;
  notReady: string;
  empty: string;
  detail: (name: string) => string;
  closeDetail: string;
  chartTitle: string;
  series: {
    offered: string;
    answered: string;
    abandoned: string;
    timedOut: string;
    answeredByOfficial: string;
    loggedIn: string;
    paused: string;
  };
  sessions: string;
  missedAndLate: string;
  noMissed: string;
  sessionColumns: {
    official: string;
    line: string;
    date: string;
    planned: string;
    state: string;
    late: string;
    leftEarly: string;
    present: string;
    paused: string;
    calls: string;
    waitedWhileAbsent: string;
  };
  sessionState: Record<AttendanceStatus, string>;
  /** A session's planned hours, e.g. "08:00 to 10:00". */
  timeRange: (from: string, to: string) => string;
  calls: string;
  callsCapped: (shown: string, total: string) => string;
  callColumns: {
    joined: string;
    line: string;
    official: string;
    wait: string;
    talk: string;
    outcome: string;
    caller: string;
  };
  outcomes: Record<CallOutcome, string>;
  shortAbandon: string;
  abandoned: string;
  abandonedDay: string;
  abandonedColumns: { time: string; line: string; wait: string; caller: string };
  noAbandoned: string;
  week: {
    pick: string;
    previous: string;
    next: string;
    headline: (h: WeekHeadline) => string[];
    byCounty: string;
    county: string;
    held: string;
    /** Offered but not answered, in the chart. */
    unanswered: string;
    chartTitle: (week: string) => string;
  };
}
