/** The recordings of test/fixtures/asterisk and the switch's own figures for them. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  parseSwitchEvent,
  type SwitchEvent,
  type SwitchEventInput,
} from "../../../shared/events.ts";
import { reduceEvents, type LiveState } from "../../../shared/live-state.ts";
import { parseSwitchMap, type SwitchMap } from "../../../server/switches/switch-map.ts";

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../fixtures/asterisk",
);
export const SCENARIOS = ["basic", "pause", "login"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

export function fixtureMap(): SwitchMap {
  const file = path.join(FIXTURES, "switch-map.json");
  return parseSwitchMap(JSON.parse(readFileSync(file, "utf8")), file);
}

/** What Asterisk itself reports per queue: `queue show` plus the observed outcomes. */
export interface SwitchFigures {
  queue: string;
  offered: number;
  answered: number;
  abandoned: number;
  timedOut: number;
  completed: number;
  /** Asterisk's A: abandons and timeouts. */
  switchAbandoned: number;
  sl: string;
  sl2: string;
}

export function switchFigures(scenario: Scenario): SwitchFigures[] {
  const show = fixture(`${scenario}.queue-show.txt`).toString("utf8");
  const truth = JSON.parse(fixture(`${scenario}.truth.json`).toString("utf8")) as {
    counts_observed_from_ami: Record<
      string,
      { offered: number; answered: number; abandoned: number; timeout: number }
    >;
  };
  const out: SwitchFigures[] = [];
  for (const m of show.matchAll(
    /^(\S+) has \d+ calls.*C:(\d+), A:(\d+), SL:([\d.]+)%, SL2:([\d.]+)%/gm,
  )) {
    const [, queue = "", c = "", a = "", sl = "", sl2 = ""] = m;
    const observed = truth.counts_observed_from_ami[queue];
    if (!observed) throw new Error(`no truth for ${queue}`);
    out.push({
      queue,
      offered: observed.offered,
      answered: observed.answered,
      abandoned: observed.abandoned,
      timedOut: observed.timeout,
      completed: Number(c),
      switchAbandoned: Number(a),
      sl,
      sl2,
    });
  }
  return out;
}

const NO_REFERENCE = { counties: [], agencies: [], lines: [], officials: [], sessions: [] };

/** Validates and reduces adapter output, as the aggregator would. */
export function reduce(events: SwitchEventInput[]): LiveState {
  const valid: SwitchEvent[] = [];
  for (const input of events) {
    const parsed = parseSwitchEvent(input);
    if (!parsed.ok)
      throw new Error(
        `adapter emitted an invalid event: ${parsed.reason} ${JSON.stringify(input)}`,
      );
    valid.push(parsed.event);
  }
  return reduceEvents(NO_REFERENCE, valid, valid[0]?.at ?? 0);
}

/** Our figures of one line in the same terms as `SwitchFigures`. */
export function ourFigures(state: LiveState, line: string, queue: string): SwitchFigures {
  const c = state.lines.get(line)?.counters;
  if (!c) throw new Error(`no line ${line}`);
  const pct = (part: number, whole: number): string =>
    whole > 0 ? ((100 * part) / whole).toFixed(1) : "0.0";
  const lost = c.abandoned + c.timedOut;
  return {
    queue,
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    timedOut: c.timedOut,
    completed: c.switchCompleted,
    switchAbandoned: lost,
    sl: pct(c.switchCompletedInServiceLevel, c.switchCompleted),
    sl2: pct(c.switchCompletedInServiceLevel + c.lostInServiceLevel, c.switchCompleted + lost),
  };
}
