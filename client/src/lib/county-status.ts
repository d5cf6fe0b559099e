/**
 * How a county tile is judged: a level coloured by thresholds and also marked by a shape, so the
 * map reads without colour (colour-blind supervisors, a washed-out projector, a greyscale photo).
 * The server's alerts are the authority where they exist; the tile thresholds of
 * data/thresholds.json (served with the reference) add the early warnings that are not alerts yet. A county is judged on now: with no session on, nobody
 * on the line and nobody waiting it is idle, whatever its morning was. Pure: the snapshot's views in, a level out.
 */
import type { Alert } from "../../../shared/alerts.ts";
import type { TileThresholds } from "../../../shared/reference.ts";
import type { CountyView } from "../../../shared/snapshot.ts";
import type { Format } from "./format.ts";
import type { Messages } from "./i18n/messages.ts";

/** `idle`: no session on, nobody on the line and nobody waiting — nothing to watch. */
export type CountyLevel = "critical" | "warning" | "ok" | "idle";

/** The shape that carries the level without colour. */
export const LEVEL_MARKER: Record<CountyLevel, string> = {
  critical: "■",
  warning: "▲",
  ok: "●",
  idle: "○",
};

/** Judges nothing by number: no wait is long enough and every rate is good enough. */
const NO_THRESHOLDS: TileThresholds = {
  warnWaitSec: Infinity,
  warnAnswerRate: 0,
  criticalAnswerRate: 0,
  minOutcomes: Infinity,
};

/** Alerts that make a county critical; an absent official alone is a warning. */
const CRITICAL_ALERTS = new Set<Alert["kind"]>(["unattended", "long-wait", "abandon-spike"]);

function outcomes(county: CountyView): number {
  return (
    county.answered +
    county.abandoned -
    county.shortAbandoned +
    county.timedOut +
    county.leftUnanswered
  );
}

/**
 * `alertKinds` are the kinds of alert that hold for the county now. The client also judges
 * "callers waiting and nobody on the line" itself, so the tile is right even between the
 * server's alert threshold (30 s) and the next flush. Until the thresholds arrive (`null`) only
 * the rules that need none apply.
 */
export function countyLevel(
  county: CountyView,
  thresholds: TileThresholds | null,
  alertKinds: ReadonlySet<Alert["kind"]> = new Set(),
): CountyLevel {
  const t = thresholds ?? NO_THRESHOLDS;
  const rated = outcomes(county) >= t.minOutcomes && county.answerRate !== null;
  if ([...alertKinds].some((kind) => CRITICAL_ALERTS.has(kind))) return "critical";
  if (county.waiting > 0 && county.officials.loggedIn === 0) return "critical";
  // After its session a county is quiet: today's rate stays on the tile, but the map must not
  // stay red all afternoon for a morning that is over.
  const quiet =
    county.waiting === 0 && county.officials.loggedIn === 0 && county.officials.scheduled === 0;
  if (quiet) return "idle";
  if (rated && (county.answerRate ?? 1) < t.criticalAnswerRate) return "critical";
  if (alertKinds.has("absent")) return "warning";
  if (county.officials.scheduled > county.officials.loggedIn) return "warning";
  if (county.longestWaitSec >= t.warnWaitSec) return "warning";
  if (rated && (county.answerRate ?? 1) < t.warnAnswerRate) return "warning";
  return "ok";
}

/** Each county's alert kinds, from the whole alert list; `lineCounty` finds a line's county. */
export function alertKindsByCounty(
  alerts: readonly Alert[],
  lineCounty: (line: string) => string | null,
): Map<string, Set<Alert["kind"]>> {
  const out = new Map<string, Set<Alert["kind"]>>();
  for (const alert of alerts) {
    // The server may leave `county` empty for an alert about a line: the line knows its county.
    const county = alert.county ?? (alert.line ? lineCounty(alert.line) : null);
    if (!county) continue;
    const kinds = out.get(county) ?? new Set<Alert["kind"]>();
    kinds.add(alert.kind);
    out.set(county, kinds);
  }
  return out;
}

export interface LegendItem {
  level: CountyLevel;
  /** What puts a tile at this level, with the served thresholds; null before they arrive. */
  rule: string | null;
}

/** The legend of the tile map, worst level first, worded from the thresholds the tiles use. */
export function legendRules(
  thresholds: TileThresholds | null,
  m: Messages,
  format: Format,
): LegendItem[] {
  const t = thresholds;
  return [
    { level: "critical", rule: t && m.tiles.rule.critical(format.percent(t.criticalAnswerRate)) },
    {
      level: "warning",
      rule:
        t && m.tiles.rule.warning(format.duration(t.warnWaitSec), format.percent(t.warnAnswerRate)),
    },
    { level: "ok", rule: t && m.tiles.rule.ok },
    { level: "idle", rule: t && m.tiles.rule.idle },
  ];
}
