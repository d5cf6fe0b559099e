/**
 * The one table of field codes of the delta wire format (docs/api.md, "Delta frames"): a patch of
 * a line, county, official or the province travels as a bit mask over its kind's list below,
 * followed by the values of the fields whose bits are set, in list order. The lists are the
 * contract: append to them, and bump WIRE_VERSION for any other change. The fields that change
 * most come first, so that a usual mask stays a small number.
 */
import type { CountyView, Figures, LineView, OfficialCounts, OfficialView } from "../view-types.ts";

/** The frame layout and these tables; a client that reads another version refuses the frame. */
export const WIRE_VERSION = 1;

/**
 * number: a count, ratio or mean (wire-values.ts); time: an ISO time; line: a line's id, sent as
 * its position when the client holds it; lines: a list of those; text, flag: a string (or null)
 * and a boolean as they are; json: any JSON value as it is (a nested patch included).
 */
export type FieldKind = "number" | "time" | "line" | "lines" | "text" | "flag" | "json";

export interface WireField {
  key: string;
  /** A field of the nested object `key` (a figure's `officials` counts). */
  sub?: string;
  kind: FieldKind;
}

const counts = (sub: keyof OfficialCounts) => ({ key: "officials", sub, kind: "number" }) as const;
const num = <K extends keyof Figures>(key: K) => ({ key, kind: "number" }) as const;

export const FIGURE_FIELDS = [
  num("offered"),
  num("answered"),
  num("answerRate"),
  num("serviceLevel"),
  num("averageSpeedOfAnswerSec"),
  num("averageTalkSec"),
  num("waiting"),
  counts("available"),
  counts("onCall"),
  num("abandoned"),
  num("shortAbandoned"),
  num("serviceLevelPerf"),
  num("serviceLevelPerf2"),
  num("longestWaitSec"),
  num("longestWaitTodaySec"),
  num("timedOut"),
  num("leftUnanswered"),
  num("lost"),
  num("reconstructed"),
  counts("loggedIn"),
  counts("unknown"),
  counts("paused"),
  counts("scheduled"),
] as const satisfies readonly WireField[];

export const LINE_FIELDS = [
  ...FIGURE_FIELDS,
  { key: "county", kind: "text" },
  { key: "agency", kind: "text" },
  { key: "known", kind: "flag" },
] as const satisfies readonly WireField[];

export const COUNTY_FIELDS = FIGURE_FIELDS;

export const OFFICIAL_FIELDS = [
  { key: "state", kind: "text" },
  { key: "stateSince", kind: "time" },
  { key: "answered", kind: "number" },
  { key: "callLine", kind: "line" },
  { key: "pausedReason", kind: "text" },
  { key: "lines", kind: "lines" },
  { key: "session", kind: "json" },
  { key: "name", kind: "text" },
  { key: "known", kind: "flag" },
] as const satisfies readonly WireField[];

// Every field of the views has a code: adding one to a view without a code fails to compile here.
type Keys<T extends readonly WireField[]> = T[number]["key"];
type Subs<T extends readonly WireField[]> = Extract<T[number], { sub: string }>["sub"];
type Uncoded =
  | Exclude<keyof Omit<LineView, "id">, Keys<typeof LINE_FIELDS>>
  | Exclude<keyof Omit<CountyView, "id">, Keys<typeof COUNTY_FIELDS>>
  | Exclude<keyof Omit<OfficialView, "id">, Keys<typeof OFFICIAL_FIELDS>>
  | Exclude<keyof OfficialCounts, Subs<typeof FIGURE_FIELDS>>;
export const EVERY_FIELD_CODED: [Uncoded] extends [never] ? true : Uncoded = true;
